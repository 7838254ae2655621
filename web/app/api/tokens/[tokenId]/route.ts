import { apiRoute } from "@/lib/api";
import { ZApiTokenId } from "@/features/auth/schemas";
import { revokeApiToken } from "@/features/auth/server/api-tokens";

export const DELETE = apiRoute<{ tokenId: string }>(async ({ params, userId }) =>
  revokeApiToken({ userId, tokenId: ZApiTokenId.parse(params.tokenId) }),
);
