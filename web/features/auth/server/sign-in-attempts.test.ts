// Password guessing is bounded per email, counted in the real Redis.
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma, hashPassword } from "@forge/db";
import { uniqueName } from "@/test/factories";
import { authorizeCredentials } from "./authorize-credentials";
import { MAX_FAILED_SIGN_INS } from "./sign-in-attempts";

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

async function userWithPassword(password: string) {
  const handle = uniqueName("signer");
  return prisma.user.create({
    data: { email: `${handle}@test.local`, handle, passwordHash: await hashPassword(password) },
  });
}

describe("sign-in attempts", () => {
  it("refuse even the right password after too many failures, for that email only", async () => {
    const target = await userWithPassword("correct horse");
    const bystander = await userWithPassword("battery staple");
    expect(await authorizeCredentials({ email: target.email, password: "correct horse" })).toMatchObject({
      id: target.id,
    });
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt++)
      expect(await authorizeCredentials({ email: target.email, password: `guess ${attempt}` })).toBeNull();
    expect(await authorizeCredentials({ email: target.email, password: "correct horse" })).toBeNull();
    expect(await authorizeCredentials({ email: bystander.email, password: "battery staple" })).toMatchObject({
      id: bystander.id,
    });
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const user = await userWithPassword("right");
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS - 1; attempt++)
      await authorizeCredentials({ email: user.email, password: "wrong" });
    expect(await authorizeCredentials({ email: user.email, password: "right" })).not.toBeNull();
    await authorizeCredentials({ email: user.email, password: "wrong" });
    expect(await authorizeCredentials({ email: user.email, password: "right" })).not.toBeNull();
  });
});
