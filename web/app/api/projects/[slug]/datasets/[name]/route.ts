import { projectRoute } from "@/lib/api";
import { ZDatasetParams } from "@/features/data/schemas";
import { getDataset } from "@/features/data/server/get-dataset";

export const GET = projectRoute({ action: "project.read", params: ZDatasetParams }, ({ access, params }) =>
  getDataset({ access, name: params.name }),
);
