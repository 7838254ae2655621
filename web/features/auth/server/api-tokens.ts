import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getPrisma } from "@forge/db";
import { notFound } from "@/lib/errors";
import { recordAuditEvent } from "@/features/audit/server/record-audit-event";
import type { TCreateApiToken } from "../schemas";

const TOKEN_PREFIX = "forge_";
const DAY_MS = 24 * 3600 * 1000;
const digest = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a personal API token; the plain token is returned once and never stored. */
export async function createApiToken(options: { userId: string; input: TCreateApiToken }) {
  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  const userId = options.userId;
  const expiresAt = new Date(Date.now() + options.input.expiresInDays * DAY_MS);
  const row = await getPrisma().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name: options.input.name, tokenHash: digest(token), expiresAt },
    });
    await recordAuditEvent(tx, {
      actorId: userId,
      projectId: null,
      action: "token.create",
      target: created.id,
      detail: { expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  return { id: row.id, name: row.name, token, expiresAt: row.expiresAt.toISOString() };
}

/** The caller's tokens (never the secrets). */
export async function listApiTokens(options: { userId: string }) {
  const rows = await getPrisma().apiToken.findMany({
    where: { userId: options.userId },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  }));
}

/** Revokes one of the caller's tokens at once; anyone else's is "not found". */
export async function revokeApiToken(options: { userId: string; tokenId: string }) {
  const { userId } = options;
  return getPrisma().$transaction(async (tx) => {
    const removed = await tx.apiToken.deleteMany({ where: { id: options.tokenId, userId } });
    if (removed.count === 0) throw notFound(`Token ${options.tokenId}`);
    await recordAuditEvent(tx, {
      actorId: userId,
      projectId: null,
      action: "token.revoke",
      target: options.tokenId,
    });
    return { revoked: true };
  });
}

export async function userIdForApiToken(token: string): Promise<string | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await getPrisma().apiToken.findUnique({ where: { tokenHash: digest(token) } });
  if (!row || row.expiresAt <= new Date()) return null;
  await getPrisma().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return row.userId;
}
