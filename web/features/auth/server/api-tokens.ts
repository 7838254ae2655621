import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getPrisma } from "@forge/db";
import { unauthorized } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";

const TOKEN_PREFIX = "forge_";
const digest = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a personal API token; the plain token is returned once and never stored. */
export async function createApiToken(options: { userId: string | null; name: string }) {
  if (!options.userId) throw unauthorized();
  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  const userId = options.userId;
  const row = await getPrisma().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name: options.name, tokenHash: digest(token) },
    });
    await recordAuditEvent(tx, {
      actorId: userId,
      projectId: null,
      action: "token.create",
      target: created.id,
    });
    return created;
  });
  return { id: row.id, name: row.name, token };
}

export async function userIdForApiToken(token: string): Promise<string | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await getPrisma().apiToken.findUnique({ where: { tokenHash: digest(token) } });
  if (!row) return null;
  await getPrisma().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return row.userId;
}
