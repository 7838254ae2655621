import { z } from "zod";

export const ZSignIn = z.object({
  email: z.email(),
  password: z.string().min(1).max(200),
});
export type TSignIn = z.infer<typeof ZSignIn>;
