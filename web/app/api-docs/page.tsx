import { OPERATIONS } from "@/features/api-docs/openapi";
import { describePermission } from "@/features/projects/permissions";

export default function ApiDocsPage() {
  return (
    <>
      <h1>API</h1>
      <p className="muted">
        The JSON API behind every page, with the same role checks. Machine-readable:{" "}
        <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Scripts authenticate with{" "}
        <code>Authorization: Bearer forge_…</code> from <code>POST /api/tokens</code>.
      </p>
      <table>
        <thead>
          <tr>
            <th>Method</th>
            <th>Path</th>
            <th>What</th>
            <th>Role</th>
          </tr>
        </thead>
        <tbody>
          {OPERATIONS.map((op) => (
            <tr key={op.method + op.path}>
              <td className="mono">{op.method.toUpperCase()}</td>
              <td className="mono">{op.path}</td>
              <td>{op.summary}</td>
              <td>{describePermission(op.action)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
