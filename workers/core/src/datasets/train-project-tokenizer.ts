import type { PrismaClient, Tokenizer } from "@forge/db";
import { canonicalJson, trainBpe } from "../data/index";
import { type ObjectStore } from "../storage/index";
import { tokenizerTrainedOn } from "./json-columns";
import { tokenizerKey } from "./tokenizer-artifact";

export type TTrainTokenizerOptions = {
  prisma: PrismaClient;
  store: ObjectStore;
  projectId: string;
  /** The name data mixes use, e.g. forge-bpe-2k. */
  name: string;
  vocabSize: number;
  /** READY datasets to learn from (the default mix sources). */
  datasetNames: readonly string[];
  /** Text budget, split evenly over the datasets: BPE merges settle on a few MB. */
  sampleBytes: number;
};

/**
 * Trains a byte-level BPE on a deterministic sample of the named datasets (each dataset's rows in order,
 * each truncated to its share of the budget) and stores it as `tokenizers/<hash>.json`. Training the same
 * sample again yields the same hash, so the Tokenizer row only changes when the data does.
 */
export async function trainProjectTokenizer(options: TTrainTokenizerOptions): Promise<Tokenizer> {
  const { prisma, store, projectId } = options;
  const datasets = await prisma.dataset.findMany({
    where: { projectId, name: { in: [...options.datasetNames] }, state: "READY" },
    orderBy: { name: "asc" },
  });
  const missing = options.datasetNames.filter((name) => !datasets.some((d) => d.name === name));
  if (missing.length > 0)
    throw new Error(`cannot train ${options.name}: datasets not ready: ${missing.join(", ")}`);

  const perDataset = Math.floor(options.sampleBytes / datasets.length);
  const texts: string[] = [];
  for (const dataset of datasets) {
    let budget = perDataset;
    let cursor = -1;
    while (budget > 0) {
      const rows = await prisma.dataRow.findMany({
        where: { datasetId: dataset.id, ordinal: { gt: cursor } },
        orderBy: { ordinal: "asc" },
        select: { ordinal: true, text: true },
        take: 200,
      });
      const last = rows.at(-1);
      if (!last) break;
      for (const row of rows) {
        if (budget <= 0) break;
        texts.push(row.text.slice(0, budget));
        budget -= row.text.length;
      }
      cursor = last.ordinal;
    }
  }
  const json = trainBpe(texts, { vocabSize: options.vocabSize }).toJSON();
  const objectKey = tokenizerKey(json.hash);
  if (!(await store.has(objectKey)))
    await store.put(objectKey, new TextEncoder().encode(canonicalJson(json)));
  const trainedOn = tokenizerTrainedOn.write({
    datasets: Object.fromEntries(datasets.map((d) => [d.name, d.contentHash])),
    sampleBytes: options.sampleBytes,
  });
  return prisma.tokenizer.upsert({
    where: { projectId_name: { projectId, name: options.name } },
    create: {
      projectId,
      name: options.name,
      hash: json.hash,
      objectKey,
      vocabSize: json.vocabSize,
      trainedOn,
    },
    update: { hash: json.hash, objectKey, vocabSize: json.vocabSize, trainedOn },
  });
}
