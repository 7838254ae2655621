import Link from "next/link";
import { currentUserId } from "@/lib/auth";
import { listProjects } from "@/features/projects/server/list-projects";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const projects = await listProjects({ userId: await currentUserId() });
  return (
    <>
      <h1>Projects</h1>
      <p className="muted">
        Model projects developed in the open: the plan of record, proposals and the evidence behind them.
      </p>
      <div className="grid">
        {projects.map((project) => (
          <Link
            key={project.slug}
            href={`/projects/${project.slug}`}
            className="card"
            data-testid="project-card"
          >
            <div className="row">
              <strong>{project.name}</strong>
              <span className="badge">{project.visibility.toLowerCase()}</span>
            </div>
            <p className="muted">{project.description}</p>
            <div className="row muted">
              <span>{project._count.proposals} proposals</span>
              <span>{project._count.datasets} datasets</span>
              <span>{project._count.memberships} members</span>
            </div>
          </Link>
        ))}
        {projects.length === 0 && <p className="muted">No projects yet.</p>}
      </div>
    </>
  );
}
