import { projectRoute } from "@/lib/api";
import { ZRowParams } from "@/features/data/schemas";
import { getRow } from "@/features/data/server/get-row";

export const GET = projectRoute(
  { action: "project.read", params: ZRowParams },
  async ({ access, params }) => ({
    row: await getRow({ access, ...params }),
  }),
);
