import { apiRoute } from "@/lib/api";
import { getDataset } from "@/features/data/server/get-dataset";

export const GET = apiRoute<{ slug: string; name: string }>(async ({ params, userId }) => {
  const { access: _access, ...view } = await getDataset({ slug: params.slug, userId, name: params.name });
  return view;
});
