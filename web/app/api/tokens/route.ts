import { apiRoute, readJson } from "@/lib/api";
import { ZCreateApiToken } from "@/features/auth/schemas";
import { createApiToken, listApiTokens } from "@/features/auth/server/api-tokens";

export const GET = apiRoute(async ({ userId }) => ({ tokens: await listApiTokens({ userId }) }));

export const POST = apiRoute(async ({ request, userId }) =>
  createApiToken({ userId, input: await readJson(request, ZCreateApiToken) }),
);
