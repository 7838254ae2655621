import "server-only";
import { notFound } from "next/navigation";
import type { TProjectAction } from "@/features/projects/permissions";
import { authorizeProject, type TProjectAccess } from "@/features/projects/server/authorize-project";
import { currentUserId } from "./auth";
import { AppError } from "./errors";

/**
 * What a project page shows, loaded with the caller's access checked for `action`. A 404 from the server (a
 * project hidden from the caller, a missing proposal, dataset or row) shows the not-found page.
 */
export async function loadProjectPage<A extends TProjectAction, T>(
  slug: string,
  action: A,
  load: (access: TProjectAccess<A>) => Promise<T>,
): Promise<T> {
  try {
    return await load(await authorizeProject({ slug, userId: await currentUserId(), action }));
  } catch (error) {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  }
}
