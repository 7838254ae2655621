import { projectRoute } from "@/lib/api";
import { addAuditDemoSource } from "@/features/data/server/add-audit-demo-source";

export const POST = projectRoute({ action: "dataset.add" }, ({ access }) => addAuditDemoSource({ access }));
