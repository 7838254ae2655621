import { z } from "zod";

/** The queues; a worker process runs one job at a time on each (one GPU, one CPU data lane). */
export const QUEUES = { gpu: "forge-gpu", data: "forge-data" } as const;
export type TQueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** A payload is an object: enqueue stores it with the contract version beside its fields. */
export type TPayloadSchema = z.ZodType<object>;

/**
 * One contract per BullMQ job, shared by the web (which enqueues) and the workers (which process; they bind
 * each contract to its handler and final-failure policy). BullMQ stores plain JSON, so the worker re-reads
 * the payload with the same schema, at the version it was enqueued for.
 */
export type TJobContract<S extends TPayloadSchema = TPayloadSchema> = {
  name: string;
  /** Raised when the payload changes shape; a worker refuses a version it cannot read (see readJobData). */
  version: number;
  queue: TQueueName;
  payload: S;
  /**
   * How a payload enqueued under an older version becomes the current one (jobs outlive a deploy), keyed by
   * that version: the older schema, transformed into the current payload. Versions without one are refused.
   */
  upgrades?: Record<number, z.ZodType<z.input<S>>>;
  attempts: number;
  backoff: { type: "exponential" | "fixed"; delay: number };
};

export function defineJobContract<S extends TPayloadSchema>(contract: TJobContract<S>): TJobContract<S> {
  if (!/^[a-z]+(-[a-z]+)*$/.test(contract.name))
    throw new Error(`job name '${contract.name}' must be kebab-case`);
  if (!Number.isInteger(contract.version) || contract.version < 1)
    throw new Error(`job ${contract.name} version must be a positive integer`);
  for (const from of Object.keys(contract.upgrades ?? {}).map(Number))
    if (!Number.isInteger(from) || from < 1 || from >= contract.version)
      throw new Error(`job ${contract.name} upgrades from ${from}, which is not a version before its own`);
  return contract;
}

export type TJobPayload<C extends TJobContract> = z.output<C["payload"]>;

/** Ids are cuids; hashes are sha256 hex. Jobs carry nothing else that a worker would trust. */
export const ZId = z.string().regex(/^[a-z0-9]{8,40}$/, "must be an id");
export const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest");

/** A job's data: its payload's fields and `v`, the contract version it was enqueued for. */
const ZJobData = z.looseObject({
  v: z.number({ error: "must be the job's contract version" }).int().positive(),
});

/** The data enqueue stores for a payload: validated against the contract and stamped with its version. */
export function jobData<S extends TPayloadSchema>(contract: TJobContract<S>, payload: z.input<S>) {
  return { ...contract.payload.parse(payload), v: contract.version };
}

export type TJobDataReading<P> = { success: true; payload: P } | { success: false; reason: string };

/**
 * Reads a job's data as the contract's current payload: a payload of an older version goes through the
 * contract's upgrade from that version; one without an upgrade, or of a newer version (enqueued by a newer
 * deploy than this worker), cannot be read. The reason names the job, its version and the supported one,
 * or the first malformed field.
 */
export function readJobData<S extends TPayloadSchema>(
  contract: TJobContract<S>,
  data: unknown,
): TJobDataReading<z.output<S>> {
  const invalid = (error: z.ZodError): TJobDataReading<never> => {
    const issue = error.issues[0];
    const field = issue?.path.join(".") || "payload";
    return {
      success: false,
      reason: `invalid ${contract.name} payload: ${field} ${issue?.message ?? "is malformed"}`,
    };
  };
  const stamped = ZJobData.safeParse(data);
  if (!stamped.success) return invalid(stamped.error);
  const { v: version, ...fields } = stamped.data;
  const versions = `${contract.name} job version ${version}`;
  const supported = `the supported version ${contract.version}`;
  if (version > contract.version) return { success: false, reason: `${versions} is newer than ${supported}` };
  let current: unknown = fields;
  if (version < contract.version) {
    const upgrade = contract.upgrades?.[version];
    if (!upgrade)
      return { success: false, reason: `${versions} is older than ${supported} and has no upgrade` };
    const upgraded = upgrade.safeParse(fields);
    if (!upgraded.success) return invalid(upgraded.error);
    current = upgraded.data;
  }
  const parsed = contract.payload.safeParse(current);
  return parsed.success ? { success: true, payload: parsed.data } : invalid(parsed.error);
}
