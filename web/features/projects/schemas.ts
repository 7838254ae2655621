import { z } from "zod";

export const ZRole = z.enum(["VIEWER", "CONTRIBUTOR", "MAINTAINER", "ADMIN"]);

export const ZProjectSlug = z
  .string()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes");

export const ZCreateProject = z.object({
  slug: ZProjectSlug,
  name: z.string().trim().min(1).max(120),
  description: z.string().max(4000).default(""),
  visibility: z.enum(["PUBLIC", "PRIVATE"]).default("PUBLIC"),
  /** The initial plan of record: artifact path -> YAML or JSON text. */
  artifacts: z
    .array(
      z.object({
        path: z.string().min(1).max(200),
        content: z.string().max(1_048_576, "is larger than 1 MiB"),
      }),
    )
    .max(200)
    .default([]),
});
export type TCreateProject = z.infer<typeof ZCreateProject>;

export const ZUpdateProject = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(4000),
    gpuBudgetPerUser: z.number().finite().min(0).max(1e9),
    checksEnabled: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "nothing to update");
export type TUpdateProject = z.infer<typeof ZUpdateProject>;

export const ZSetMemberRole = z.object({
  handle: z.string().min(1).max(64),
  role: ZRole.nullable(), // null removes the member
});
export type TSetMemberRole = z.infer<typeof ZSetMemberRole>;
