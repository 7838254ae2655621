import type { ReactNode } from "react";
import { loadProjectPage } from "@/lib/load-project-page";
import { may } from "@/features/projects/permissions";
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
  const { access, project, role } = await loadProjectPage(slug, "project.read", async (access) => ({
    access,
    ...(await getProject({ access })),
  }));
  return (
    <>
      <div className="row">
        <h1 data-testid="project-name">{project.name}</h1>
        <span className="badge">{project.visibility.toLowerCase()}</span>
        {role && <span className="badge accent">your role: {role.toLowerCase()}</span>}
      </div>
      <p className="muted">{project.description}</p>
      <ProjectTabs slug={slug} auditLog={may("audit.read", access)} />
      {children}
    </>
  );
}
