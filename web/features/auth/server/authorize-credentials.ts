import "server-only";
import { getPrisma, verifyPassword } from "@forge/db";
import { ZSignIn } from "../schemas";

export async function authorizeCredentials(input: unknown) {
  const parsed = ZSignIn.safeParse(input);
  if (!parsed.success) return null;
  const user = await getPrisma().user.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
  if (!user?.passwordHash) return null;
  if (!(await verifyPassword(user.passwordHash, parsed.data.password))) return null;
  return { id: user.id, email: user.email, name: user.name ?? user.handle };
}
