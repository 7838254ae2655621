import { z } from "zod";
import { apiRoute } from "@/lib/api";
import { ZRowOrdinal } from "@/features/data/schemas";
import { getRow } from "@/features/data/server/get-row";

export const GET = apiRoute<{ slug: string; name: string; ordinal: string }>(async ({ params, userId }) => ({
  row: await getRow({
    slug: params.slug,
    userId,
    name: params.name,
    ordinal: z.object({ ordinal: ZRowOrdinal }).parse(params).ordinal,
  }),
}));
