import { MAIN_REF, type PrismaClient } from "@forge/db";
import { DEMO_PROJECT } from "@forge/db/seed";
import { datasetCardPath, validateArtifact } from "@forge/spec";
import { defaultSources } from "@forge/core/data";
import { auditDataset } from "@forge/core/datasets/audit-dataset";
import { ingestDataset } from "@forge/core/datasets/ingest-dataset";
import { datasetCard, datasetOrigin } from "@forge/core/datasets/json-columns";
import { tokenizeIngestedDataset } from "@forge/core/datasets/tokenize-dataset";
import { trainProjectTokenizer } from "@forge/core/datasets/train-project-tokenizer";
import { type ObjectStore } from "@forge/core/storage";
import {
  DEMO_ARCHITECTURE,
  DEMO_DATAMIX,
  type TDatasetCards,
  commitDatasetCards,
  seedPlanOfRecord,
  seedProposals,
} from "./plan-of-record";

/** A few MB of the mix's text settle the 2k-vocabulary merges; more only costs seed time. */
const TOKENIZER_SAMPLE_BYTES = 3_000_000;

type TLog = (message: string) => void;

/**
 * The demo project's data, in the order the plan needs it: ingest the default sources not yet READY, train
 * the mix's tokenizer on them, encode every dataset with it, audit, then write the plan of record and the
 * example proposals carrying the sources' dataset cards. Runs the job code paths directly (no queue), so the
 * demo is complete when it returns. Every step skips work already done: a second run changes nothing.
 */
export async function seedDemoData(options: { prisma: PrismaClient; store: ObjectStore; log?: TLog }) {
  const { prisma, store } = options;
  const log = options.log ?? (() => undefined);
  const project = await prisma.project.findUnique({ where: { slug: DEMO_PROJECT.slug } });
  if (!project) throw new Error(`project ${DEMO_PROJECT.slug} does not exist: run prisma/seed/main.ts first`);

  for (const source of defaultSources) {
    const origin = datasetOrigin.write({ kind: "package", source: source.name });
    const dataset = await prisma.dataset.upsert({
      where: { projectId_name: { projectId: project.id, name: source.name } },
      create: { projectId: project.id, name: source.name, origin },
      update: {},
    });
    if (dataset.state === "READY") continue;
    const started = Date.now();
    await ingestDataset({ prisma, store, datasetId: dataset.id });
    log(`ingested ${source.name} in ${Date.now() - started} ms`);
  }

  let tokenizer = await prisma.tokenizer.findUnique({
    where: { projectId_name: { projectId: project.id, name: DEMO_DATAMIX.tokenizer } },
  });
  if (!tokenizer) {
    const started = Date.now();
    tokenizer = await trainProjectTokenizer({
      prisma,
      store,
      projectId: project.id,
      name: DEMO_DATAMIX.tokenizer,
      vocabSize: DEMO_ARCHITECTURE.vocab,
      datasetNames: Object.keys(DEMO_DATAMIX.sources),
      sampleBytes: TOKENIZER_SAMPLE_BYTES,
    });
    log(`trained ${tokenizer.name} (${tokenizer.hash.slice(0, 12)}) in ${Date.now() - started} ms`);
  }

  const datasets = await prisma.dataset.findMany({ where: { projectId: project.id, state: "READY" } });
  for (const dataset of datasets) {
    await tokenizeIngestedDataset({ prisma, store, datasetId: dataset.id, tokenizer });
    await auditDataset({ prisma, datasetId: dataset.id });
  }

  const cards: TDatasetCards = {};
  for (const name of Object.keys(DEMO_DATAMIX.sources)) {
    const dataset = await prisma.dataset.findUniqueOrThrow({
      where: { projectId_name: { projectId: project.id, name } },
    });
    const path = datasetCardPath(name);
    // The validated form (defaults filled in) is what a revision stores, so comparisons see real changes only.
    const parsed = validateArtifact(path, datasetCard.read(dataset.card));
    if (!parsed.ok)
      throw new Error(`${path}: ${parsed.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
    cards[path] = parsed.doc;
  }
  const admin = await prisma.user.findUniqueOrThrow({ where: { handle: "admin" } });
  const contributor = await prisma.user.findUniqueOrThrow({ where: { handle: "contributor" } });
  await seedPlanOfRecord(prisma, project.id, admin, cards);
  await seedProposals(prisma, project.id, contributor, cards);
  // Databases seeded before the plan carried cards: add them to main and the open proposals' heads.
  if (await commitDatasetCards(prisma, project.id, MAIN_REF, admin, cards))
    log("added the dataset cards to main");
  const open = await prisma.proposal.findMany({ where: { projectId: project.id, state: "OPEN" } });
  for (const proposal of open) {
    if (await commitDatasetCards(prisma, project.id, proposal.headRef, contributor, cards)) {
      log(`added the dataset cards to proposal #${proposal.number}`);
    }
  }
  return project;
}
