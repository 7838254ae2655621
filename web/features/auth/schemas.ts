import { z } from "zod";

export const ZSignIn = z.object({
  email: z.email(),
  password: z.string().min(1).max(200),
});
export type TSignIn = z.infer<typeof ZSignIn>;

export const ZCreateApiToken = z.object({
  name: z.string().trim().min(1).max(80),
  /** Days until the token stops working. */
  expiresInDays: z.int().min(1).max(365).default(90),
});
export type TCreateApiToken = z.infer<typeof ZCreateApiToken>;
export const ZApiTokenId = z.string().regex(/^[a-z0-9]{8,40}$/, "must be a token id");
export const ZApiTokenParams = z.object({ tokenId: ZApiTokenId });
