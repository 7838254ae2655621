import { apiRoute } from "@/lib/api";
import { listHistory } from "@/features/artifacts/server/list-history";

export const GET = apiRoute<{ slug: string }>(async ({ params, userId }) => ({
  revisions: await listHistory({ slug: params.slug, userId }),
}));
