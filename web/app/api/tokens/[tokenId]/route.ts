import { apiRoute } from "@/lib/api";
import { ZApiTokenParams } from "@/features/auth/schemas";
import { revokeApiToken } from "@/features/auth/server/api-tokens";

export const DELETE = apiRoute({ action: "tokens.manage", params: ZApiTokenParams }, ({ userId, params }) =>
  revokeApiToken({ userId, tokenId: params.tokenId }),
);
