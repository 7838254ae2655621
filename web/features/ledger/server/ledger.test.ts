import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@forge/db";
import { asCaller, createProjectWithMembers } from "@/test/factories";
import { getLedger } from "./get-ledger";

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

describe("getLedger", () => {
  it("adds up the GPU-seconds runs held, by user and proposal, leaving out reused and unstarted runs", async () => {
    const { project, members } = await createProjectWithMembers(["MAINTAINER", "CONTRIBUTOR"]);
    const author = members.CONTRIBUTOR;
    const proposal = await prisma.proposal.create({
      data: {
        projectId: project.id,
        number: 1,
        title: "Wider MLP",
        authorId: author.id,
        baseRevision: "0".repeat(64),
        headRef: "proposals/1",
      },
    });
    const check = await prisma.check.create({
      data: { proposalId: proposal.id, revision: "1".repeat(64), kind: "training" },
    });
    const run = (seed: number, data: { gpuSeconds: number | null; reusedFromId?: string }) =>
      prisma.run.create({
        data: {
          projectId: project.id,
          checkId: check.id,
          revision: "1".repeat(64),
          role: "HEAD",
          seed,
          specHash: "2".repeat(64),
          requestedById: author.id,
          ...data,
        },
      });
    const trained = await run(1, { gpuSeconds: 30 });
    await run(2, { gpuSeconds: 12.5 });
    await run(3, { gpuSeconds: 30, reusedFromId: trained.id });
    await run(4, { gpuSeconds: null });

    const ledger = await asCaller(project.slug, members.MAINTAINER.id, "project.read", (access) =>
      getLedger({ access }),
    );
    expect(ledger.project.gpuSeconds).toBe(42.5);
    expect(ledger.byUser).toEqual([{ handle: author.handle, gpuSeconds: 42.5, runs: 2 }]);
    expect(ledger.byProposal).toEqual([{ number: 1, title: "Wider MLP", gpuSeconds: 42.5, runs: 2 }]);
  });
});
