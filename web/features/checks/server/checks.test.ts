// The web side of checks against real PostgreSQL and Redis: the proposal hooks queue a check with its jobs,
// budgets hold it for approval, and only the right roles approve or cancel. Jobs go to the Redis database of
// the web tests (vitest.config.ts), which no worker reads.

import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { auditDetail, getPrisma } from "@forge/db";
import { QUEUES } from "@forge/core/contracts";
import { closeQueues } from "@forge/core/queue";
import { resultsCommentKey, trainJobId } from "@forge/core/experiments/check-keys";
import { checkSummary, runFinal } from "@forge/core/experiments/json-columns";
import { AppError } from "@/lib/errors";
import { PLAN, asCaller, createProjectWithPlan } from "@/test/factories";
import { openProposal } from "@/features/proposals/server/open-proposal";
import { commitToProposal } from "@/features/proposals/server/commit-to-proposal";
import { mergeProposal } from "@/features/proposals/server/merge-proposal";
import { submitReview } from "@/features/proposals/server/submit-review";
import { approveProposalCheck } from "./approve-check";
import { cancelProposalCheck } from "./cancel-check";
import { cancelCheckRun } from "./cancel-run";
import { listChecks } from "./list-checks";
import { rerunChecks } from "./rerun-checks";

const prisma = getPrisma();
const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
const queue = new Queue(QUEUES.gpu, { connection });
afterAll(async () => {
  await queue.close();
  connection.disconnect();
  await closeQueues();
  await prisma.$disconnect();
});

/** The contributor opens a proposal on the project and commits a wider MLP (d_ff), which queues a check. */
async function openWiderMlp(
  setup: Awaited<ReturnType<typeof createProjectWithPlan>>,
  dFf = 96,
): Promise<{ id: string; number: number }> {
  const { project, members, root } = setup;
  const author = members.CONTRIBUTOR;
  const proposal = await asCaller(project.slug, author.id, "proposal.open", (access) =>
    openProposal({ access, input: { title: `d_ff ${dFf}`, body: "" } }),
  );
  // The head equals main until the first commit: nothing to compare yet.
  expect(await prisma.check.count({ where: { proposalId: proposal.id } })).toBe(0);
  await asCaller(project.slug, author.id, "proposal.commit", (access) =>
    commitToProposal({
      access,
      number: proposal.number,
      input: {
        expectedHead: root,
        message: `d_ff ${dFf}`,
        changes: [
          {
            path: "architecture.yaml",
            content: JSON.stringify({
              ...PLAN["architecture.yaml"],
              layers: [PLAN["architecture.yaml"].layers[0], { type: "mlp", d_ff: dFf, act: "swiglu" }],
            }),
          },
        ],
      },
    }),
  );
  return proposal;
}

async function proposalWithChange(options: { budget: number }) {
  const setup = await createProjectWithPlan(options);
  return { ...setup, proposal: await openWiderMlp(setup) };
}

const forbidden = (promise: Promise<unknown>) =>
  expect(promise).rejects.toSatisfy((error) => error instanceof AppError && error.status === 403);

describe("checks from the web", () => {
  it("a commit queues a check: head and base runs per seed, one train-run job each, carrying ids and hashes", async () => {
    const { project, members, proposal } = await proposalWithChange({ budget: 3600 });
    const view = await asCaller(project.slug, members.VIEWER.id, "project.read", (access) =>
      listChecks({ access, number: proposal.number }),
    );
    expect(view.checks).toHaveLength(1);
    const [check] = view.checks;
    expect(check!.state).toBe("QUEUED");
    expect(check!.estimateGpuSeconds).toBeGreaterThan(0);
    expect(check!.runs.map((r) => `${r.role}:${r.seed}`).sort()).toEqual([
      "BASE:1",
      "BASE:2",
      "HEAD:1",
      "HEAD:2",
    ]);
    expect(check!.canCancel).toBe(false); // a viewer
    for (const run of check!.runs) {
      const job = await queue.getJob(trainJobId(run.id));
      const stored = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
      expect(job?.data).toEqual({ runId: run.id, specHash: stored.specHash, v: 1 });
    }

    await forbidden(
      asCaller(project.slug, members.VIEWER.id, "check.cancel", (access) =>
        cancelProposalCheck({ access, checkId: check!.id }),
      ),
    );
    await asCaller(project.slug, members.CONTRIBUTOR.id, "check.cancel", (access) =>
      cancelProposalCheck({ access, checkId: check!.id }),
    );
    const after = await asCaller(project.slug, members.CONTRIBUTOR.id, "project.read", (access) =>
      listChecks({ access, number: proposal.number }),
    );
    expect(after.checks[0]!.state).toBe("CANCELLED");
    expect(after.checks[0]!.runs.every((r) => r.state === "CANCELLED")).toBe(true);
    expect(after.canRerun).toBe(true);
    const rerun = await asCaller(project.slug, members.CONTRIBUTOR.id, "check.rerun", (access) =>
      rerunChecks({ access, number: proposal.number }),
    );
    const audited = await prisma.auditEvent.findMany({
      where: { projectId: project.id, action: { startsWith: "check." } },
      orderBy: { at: "asc" },
    });
    expect(audited.map((e) => [e.action, auditDetail.read(e.detail).checkId])).toEqual([
      ["check.cancel", check!.id],
      ["check.rerun", rerun.checkId],
    ]);
  });

  it("cancelling one run leaves its seed out; when the last run ends the other seeds are compared", async () => {
    const { project, members, proposal } = await proposalWithChange({ budget: 3600 });
    const [check] = (
      await asCaller(project.slug, members.CONTRIBUTOR.id, "project.read", (access) =>
        listChecks({ access, number: proposal.number }),
      )
    ).checks;
    const runOf = (role: string, seed: number) =>
      check!.runs.find((r) => r.role === role && r.seed === seed)!;
    const cancel = (userId: string, runId: string) =>
      asCaller(project.slug, userId, "check.cancel", (access) =>
        cancelCheckRun({ access, checkId: check!.id, runId }),
      );

    await forbidden(cancel(members.VIEWER.id, runOf("HEAD", 2).id));
    await cancel(members.CONTRIBUTOR.id, runOf("HEAD", 2).id);
    const cancelled = await prisma.run.findUniqueOrThrow({ where: { id: runOf("HEAD", 2).id } });
    expect(cancelled.state).toBe("CANCELLED");
    expect(cancelled.error).toBe(`cancelled by @${members.CONTRIBUTOR.handle}`);
    expect((await prisma.check.findUniqueOrThrow({ where: { id: check!.id } })).state).toBe("QUEUED");
    await expect(cancel(members.MAINTAINER.id, runOf("HEAD", 2).id)).rejects.toThrow(
      /the run is cancelled .* only a waiting or running run/,
    );
    await expect(cancel(members.MAINTAINER.id, "nosuchrun1")).rejects.toSatisfy(
      (error) => error instanceof AppError && error.status === 404,
    );
    expect(await prisma.auditEvent.count({ where: { projectId: project.id, action: "run.cancel" } })).toBe(1);

    // Seed 1 trains to the end (as the workers record it); then a maintainer cancels base seed 2, the last
    // run still waiting: the check is finalized from that request, on seed 1 alone.
    for (const [role, bpb] of [
      ["BASE", 2.0],
      ["HEAD", 1.9],
    ] as const) {
      await prisma.run.update({
        where: { id: runOf(role, 1).id },
        data: {
          state: "SUCCEEDED",
          metrics: { create: [{ step: 0, tokens: 256, loss: 3, lr: 0.003, ms: 5 }] },
          final: runFinal.write({
            steps: 16,
            trainLoss: 3,
            evalLoss: 3,
            valLoss: bpb * 2,
            valBpb: bpb,
            sources: { books: { loss: bpb * 2, bpb, tokens: 512 } },
          }),
        },
      });
    }
    await cancel(members.MAINTAINER.id, runOf("BASE", 2).id);
    const finished = (
      await asCaller(project.slug, members.CONTRIBUTOR.id, "project.read", (access) =>
        listChecks({ access, number: proposal.number }),
      )
    ).checks[0]!;
    expect(finished.state).toBe("PASSED");
    expect(finished.summary.results).toMatchObject({
      seeds: [1],
      droppedSeeds: [
        {
          seed: 2,
          why:
            `base seed 2 cancelled: cancelled by @${members.MAINTAINER.handle}; ` +
            `head seed 2 cancelled: cancelled by @${members.CONTRIBUTOR.handle}`,
        },
      ],
    });
    const comment = await prisma.comment.findUniqueOrThrow({
      where: { systemKey: resultsCommentKey(check!.id) },
    });
    expect(comment.body).toContain("seeds 1. ");
    expect(comment.body).toContain("Left out: seed 2 (base seed 2 cancelled");
  });

  it("counts the author's queued checks against the budget before they have trained", async () => {
    const setup = await createProjectWithPlan({ budget: 1e9 });
    const first = await openWiderMlp(setup, 96);
    const queued = await prisma.check.findFirstOrThrow({ where: { proposalId: first.id } });
    expect(queued.state).toBe("QUEUED");
    // Room for about one and a half checks like it: the second must wait although nothing has run yet.
    await prisma.project.update({
      where: { id: setup.project.id },
      data: { gpuBudgetPerUser: queued.estimateGpuSeconds * 1.5 },
    });
    const second = await openWiderMlp(setup, 128);
    const held = await prisma.check.findFirstOrThrow({ where: { proposalId: second.id } });
    expect(held.state).toBe("AWAITING_APPROVAL");
    expect(checkSummary.read(held.summary).budget.spentGpuSeconds).toBeCloseTo(queued.estimateGpuSeconds, 6);
  });

  it("merging a proposal turns the checks of the other open proposals STALE, and leaves its own", async () => {
    const setup = await createProjectWithPlan({ budget: 1e9 });
    const { project, members } = setup;
    const merged = await openWiderMlp(setup, 96);
    const other = await openWiderMlp(setup, 128);
    // The merged proposal's check passed (as the workers record it) and a maintainer approved its head.
    await prisma.check.updateMany({ where: { proposalId: merged.id }, data: { state: "PASSED" } });
    await asCaller(project.slug, members.MAINTAINER.id, "proposal.review", (access) =>
      submitReview({ access, number: merged.number, input: { verdict: "APPROVE", body: "" } }),
    );
    await asCaller(project.slug, members.MAINTAINER.id, "proposal.merge", (access) =>
      mergeProposal({ access, number: merged.number }),
    );
    const states = async (proposalId: string) =>
      (await prisma.check.findMany({ where: { proposalId } })).map((check) => check.state);
    expect(await states(other.id)).toEqual(["STALE"]);
    expect(await states(merged.id)).toEqual(["PASSED"]);
  });

  it("a check over the author's budget waits for a maintainer's approval before any job is queued", async () => {
    const { project, members, proposal } = await proposalWithChange({ budget: 0 });
    const [check] = (
      await asCaller(project.slug, members.MAINTAINER.id, "project.read", (access) =>
        listChecks({ access, number: proposal.number }),
      )
    ).checks;
    expect(check!.state).toBe("AWAITING_APPROVAL");
    expect(check!.canApprove).toBe(true);
    expect(await queue.getJob(trainJobId(check!.runs[0]!.id))).toBeUndefined();

    await forbidden(
      asCaller(project.slug, members.CONTRIBUTOR.id, "check.approve", (access) =>
        approveProposalCheck({ access, checkId: check!.id }),
      ),
    );
    await asCaller(project.slug, members.MAINTAINER.id, "check.approve", (access) =>
      approveProposalCheck({ access, checkId: check!.id }),
    );
    const approved = (
      await asCaller(project.slug, members.MAINTAINER.id, "project.read", (access) =>
        listChecks({ access, number: proposal.number }),
      )
    ).checks[0]!;
    expect(approved.state).toBe("QUEUED");
    expect(approved.summary.approvedBy).toBe(members.MAINTAINER.handle);
    expect(await queue.getJob(trainJobId(approved.runs[0]!.id))).toBeDefined();
    await expect(
      asCaller(project.slug, members.MAINTAINER.id, "check.approve", (access) =>
        approveProposalCheck({ access, checkId: check!.id }),
      ),
    ).rejects.toThrow(/not awaiting approval/);
  });
});
