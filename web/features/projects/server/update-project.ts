import "server-only";
import { getPrisma } from "@forge/db";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TUpdateProject } from "../schemas";
import { requireMay, type TProjectAccess } from "./authorize-project";

export async function updateProject(options: {
  access: TProjectAccess<"project.update">;
  input: TUpdateProject;
}) {
  const { projectId, userId } = options.access;
  // Budgets and automatic checks decide what the project spends on GPUs: a permission of their own.
  const adminOnly = options.input.gpuBudgetPerUser !== undefined || options.input.checksEnabled !== undefined;
  if (adminOnly) requireMay(options.access, "project.budget");
  return getPrisma().$transaction(async (tx) => {
    const project = await tx.project.update({ where: { id: projectId }, data: options.input });
    await recordAuditEvent(tx, {
      actorId: userId,
      projectId,
      action: adminOnly ? "project.budget" : "project.update",
      target: project.slug,
      detail: options.input,
    });
    return project;
  });
}
