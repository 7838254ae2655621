import type { Role } from "@forge/db";

export function MemberTable({
  memberships,
}: {
  memberships: { role: Role; user: { handle: string; name: string | null } }[];
}) {
  return (
    <table>
      <thead>
        <tr>
          <th>Handle</th>
          <th>Name</th>
          <th>Role</th>
        </tr>
      </thead>
      <tbody>
        {memberships.map((m) => (
          <tr key={m.user.handle}>
            <td className="mono">{m.user.handle}</td>
            <td>{m.user.name}</td>
            <td>{m.role}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
