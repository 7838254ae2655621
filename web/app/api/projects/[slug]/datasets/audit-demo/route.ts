import { apiRoute } from "@/lib/api";
import { addAuditDemoSource } from "@/features/data/server/add-audit-demo-source";

export const POST = apiRoute<{ slug: string }>(async ({ params, userId }) =>
  addAuditDemoSource({ slug: params.slug, userId }),
);
