import { stringify } from "yaml";

/** Each artifact of a revision as YAML, the way contributors edit it. */
export function ArtifactList({ docs }: { docs: Record<string, unknown> }) {
  return (
    <div className="stack">
      {Object.keys(docs)
        .sort()
        .map((path) => (
          <details key={path} className="card" open={path === "architecture.yaml"}>
            <summary className="mono">{path}</summary>
            <pre>{stringify(docs[path], { lineWidth: 110 })}</pre>
          </details>
        ))}
    </div>
  );
}
