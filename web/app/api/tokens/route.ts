import { z } from "zod";
import { apiRoute, readJson } from "@/lib/api";
import { createApiToken } from "@/features/auth/server/api-tokens";

const ZCreateToken = z.object({ name: z.string().trim().min(1).max(80) });

export const POST = apiRoute(async ({ request, userId }) =>
  createApiToken({ userId, name: (await readJson(request, ZCreateToken)).name }),
);
