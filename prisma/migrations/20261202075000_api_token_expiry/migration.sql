-- Personal API tokens expire. Tokens made before this get 90 days from their creation.
ALTER TABLE "ApiToken" ADD COLUMN "expiresAt" TIMESTAMP(3);
UPDATE "ApiToken" SET "expiresAt" = "createdAt" + interval '90 days';
ALTER TABLE "ApiToken" ALTER COLUMN "expiresAt" SET NOT NULL;
