import { apiRoute, readJson } from "@/lib/api";
import { ZCreateApiToken } from "@/features/auth/schemas";
import { createApiToken, listApiTokens } from "@/features/auth/server/api-tokens";

export const GET = apiRoute({ action: "tokens.manage" }, async ({ userId }) => ({
  tokens: await listApiTokens({ userId }),
}));

export const POST = apiRoute({ action: "tokens.manage" }, async ({ request, userId }) =>
  createApiToken({ userId, input: await readJson(request, ZCreateApiToken) }),
);
