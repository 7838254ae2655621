import { loadProjectPage } from "@/lib/load-project-page";
import { getProject } from "@/features/projects/server/get-project";
import { MemberTable } from "@/features/projects/components/member-table";

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await loadProjectPage(slug, "project.read", (access) => getProject({ access }));
  return <MemberTable memberships={project.memberships} />;
}
