import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { currentUserId } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getProject } from "@/features/projects/server/get-project";
import { ProjectTabs } from "@/features/projects/components/project-tabs";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { project, role } = await getProject({ slug, userId: await currentUserId() }).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.status === 404) notFound();
      throw error;
    },
  );
  return (
    <>
      <div className="row">
        <h1 data-testid="project-name">{project.name}</h1>
        <span className="badge">{project.visibility.toLowerCase()}</span>
        {role && <span className="badge accent">your role: {role.toLowerCase()}</span>}
      </div>
      <p className="muted">{project.description}</p>
      <ProjectTabs slug={slug} />
      {children}
    </>
  );
}
