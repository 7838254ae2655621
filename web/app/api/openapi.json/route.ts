import { apiRoute } from "@/lib/api";
import { buildOpenApiDocument } from "@/features/api-docs/openapi";

export const GET = apiRoute({ action: "site.read" }, () => buildOpenApiDocument());
