import { z } from "zod";

const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a revision hash (64 hex characters)");
/** Artifact path plus optional JSON pointer: `architecture.yaml#/layers/3`. */
const ZAnchor = z
  .string()
  .max(300)
  .regex(/^[a-z0-9_./-]+\.yaml(#(\/[^/]*)*)?$/i, "must look like architecture.yaml#/layers/3");

export const ZOpenProposal = z.object({
  title: z.string().trim().min(1, "is required").max(200),
  body: z.string().max(20_000).default(""),
  baseRevision: ZSha256.optional(),
});
export type TOpenProposal = z.infer<typeof ZOpenProposal>;

export const ZArtifactChange = z.object({
  path: z.string().min(1).max(200),
  /** YAML or JSON text; null deletes the artifact. */
  content: z.string().max(1_048_576, "is larger than 1 MiB").nullable(),
});

export const ZCommitChanges = z.object({
  expectedHead: ZSha256,
  message: z.string().trim().min(1, "is required").max(500),
  changes: z.array(ZArtifactChange).min(1, "must change at least one artifact").max(50),
});
export type TCommitChanges = z.infer<typeof ZCommitChanges>;

export const ZAddComment = z.object({
  body: z.string().trim().min(1, "is required").max(20_000),
  parentId: z.string().max(40).optional(),
  anchor: ZAnchor.optional(),
});
export type TAddComment = z.infer<typeof ZAddComment>;

export const ZSubmitReview = z.object({
  verdict: z.enum(["APPROVE", "REQUEST_CHANGES", "COMMENT"]),
  body: z.string().max(20_000).default(""),
  /** The head revision the reviewer read; when given and the head has moved since, the review is refused. */
  revision: ZSha256.optional(),
});
export type TSubmitReview = z.infer<typeof ZSubmitReview>;

export const ZProposalNumber = z.coerce.number().int().min(1).max(1e9);
export const ZProposalParams = z.object({ number: ZProposalNumber });
