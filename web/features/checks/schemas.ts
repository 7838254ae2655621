import { z } from "zod";

export const ZCheckId = z.string().regex(/^[a-z0-9]{8,40}$/, "must be a check id");
export const ZRerunChecks = z.object({ proposal: z.coerce.number().int().min(1) });
export type TRerunChecks = z.infer<typeof ZRerunChecks>;
export const ZListChecksQuery = z.object({ proposal: z.coerce.number().int().min(1) });
export const ZRunId = z.string().regex(/^[a-z0-9]{8,40}$/, "must be a run id");
export const ZCancelRunParams = z.object({ checkId: ZCheckId, runId: ZRunId });
export const ZCheckParams = z.object({ checkId: ZCheckId });
