// Personal API tokens against a real PostgreSQL: they expire, and their owner (only) revokes them.
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@forge/db";
import { AppError } from "@/lib/errors";
import { createUser } from "@/test/factories";
import { ZCreateApiToken } from "../schemas";
import { createApiToken, listApiTokens, revokeApiToken, userIdForApiToken } from "./api-tokens";

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

describe("personal API tokens", () => {
  it("work until revoked by their owner; nobody else can revoke them", async () => {
    const owner = await createUser("owner");
    const other = await createUser("other");
    const created = await createApiToken({ userId: owner.id, input: ZCreateApiToken.parse({ name: "cli" }) });
    expect(await userIdForApiToken(created.token)).toBe(owner.id);
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    expect((await listApiTokens({ userId: owner.id })).map((t) => t.name)).toEqual(["cli"]);
    expect(await listApiTokens({ userId: other.id })).toEqual([]);

    await expect(revokeApiToken({ userId: other.id, tokenId: created.id })).rejects.toSatisfy(
      (error) => error instanceof AppError && error.status === 404,
    );
    expect(await userIdForApiToken(created.token)).toBe(owner.id);
    await revokeApiToken({ userId: owner.id, tokenId: created.id });
    expect(await userIdForApiToken(created.token)).toBeNull();
    expect(await prisma.auditEvent.count({ where: { actorId: owner.id, action: "token.revoke" } })).toBe(1);
  });

  it("stop working once expired, and refuse a lifetime over a year", async () => {
    const owner = await createUser("owner");
    const created = await createApiToken({
      userId: owner.id,
      input: ZCreateApiToken.parse({ name: "short", expiresInDays: 1 }),
    });
    expect(await userIdForApiToken(created.token)).toBe(owner.id);
    await prisma.apiToken.update({
      where: { id: created.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await userIdForApiToken(created.token)).toBeNull();
    expect(ZCreateApiToken.safeParse({ name: "forever", expiresInDays: 3650 }).success).toBe(false);
  });
});
