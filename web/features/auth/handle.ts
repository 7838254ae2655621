export function handleFromEmail(email: string): string {
  const local = email.split("@")[0] ?? "user";
  return (
    local
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "user"
  );
}
