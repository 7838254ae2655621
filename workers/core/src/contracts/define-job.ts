import { z } from "zod";

/** The queues; a worker process runs one job at a time on each (one GPU, one CPU data lane). */
export const QUEUES = { gpu: "forge-gpu", data: "forge-data" } as const;
export type TQueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * One contract per BullMQ job, shared by the web (which enqueues) and the workers (which process).
 * BullMQ stores plain JSON, so the worker re-parses the payload with the same schema.
 */
export type TJobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  version: number;
  queue: TQueueName;
  payload: S;
  attempts: number;
  backoff: { type: "exponential" | "fixed"; delay: number };
};

export function defineJob<S extends z.ZodType>(definition: TJobDefinition<S>): TJobDefinition<S> {
  if (!/^[a-z]+(-[a-z]+)*$/.test(definition.name))
    throw new Error(`job name '${definition.name}' must be kebab-case`);
  return definition;
}

export type TJobPayload<D extends TJobDefinition> = z.infer<D["payload"]>;

/** Ids are cuids; hashes are sha256 hex. Jobs carry nothing else that a worker would trust. */
export const ZId = z.string().regex(/^[a-z0-9]{8,40}$/, "must be an id");
export const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest");
