import "server-only";
import { randomBytes } from "node:crypto";
import { getPrisma, hashPassword, verifyPassword } from "@forge/db";
import { ZSignIn } from "../schemas";
import { clearSignInFailures, recordSignInFailure, signInLocked } from "./sign-in-attempts";

// Verified against when there is no password to check, so an unknown email costs as much time as a wrong
// password and timing does not tell which emails have accounts.
let decoyHash: Promise<string> | undefined;

export async function authorizeCredentials(input: unknown) {
  const parsed = ZSignIn.safeParse(input);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  // Guessing is bounded per email: after MAX_FAILED_SIGN_INS failures even the right password waits.
  if (await signInLocked(email)) return null;
  const user = await getPrisma().user.findUnique({ where: { email } });
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash), parsed.data.password);
  if (!user?.passwordHash || !valid) {
    await recordSignInFailure(email);
    return null;
  }
  await clearSignInFailures(email);
  return { id: user.id, email: user.email, name: user.name ?? user.handle };
}
