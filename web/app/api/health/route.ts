import { apiRoute } from "@/lib/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ action: "site.read" }, () => ({ ok: true }));
