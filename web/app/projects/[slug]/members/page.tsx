import { currentUserId } from "@/lib/auth";
import { getProject } from "@/features/projects/server/get-project";
import { MemberTable } from "@/features/projects/components/member-table";

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await getProject({ slug, userId: await currentUserId() });
  return <MemberTable memberships={project.memberships} />;
}
