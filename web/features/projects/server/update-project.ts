import "server-only";
import { getPrisma } from "@forge/db";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TUpdateProject } from "../schemas";
import { requireProjectRole } from "./require-project-role";

export async function updateProject(options: { slug: string; userId: string | null; input: TUpdateProject }) {
  const { projectId, userId } = await requireProjectRole({ ...options, needed: "MAINTAINER" });
  // Budgets and automatic checks (GPU spend) are an admin's call; name and description a maintainer's.
  const adminOnly = options.input.gpuBudgetPerUser !== undefined || options.input.checksEnabled !== undefined;
  if (adminOnly) {
    await requireProjectRole({ ...options, needed: "ADMIN" });
  }
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
