-- Kinds are closed sets: enums instead of text, converted in place (every stored value is a member).
CREATE TYPE "ArtifactKind" AS ENUM ('architecture', 'datamix', 'recipe', 'evalsuite', 'dataset-card');
CREATE TYPE "CheckKind" AS ENUM ('training');
CREATE TYPE "FindingKind" AS ENUM ('email', 'phone', 'ipv4', 'ipv6', 'credit_card', 'secret', 'profanity', 'exact_duplicate', 'near_duplicate');

ALTER TABLE "Blob" ALTER COLUMN "kind" TYPE "ArtifactKind" USING "kind"::"ArtifactKind";
ALTER TABLE "Check" ALTER COLUMN "kind" TYPE "CheckKind" USING "kind"::"CheckKind";
ALTER TABLE "AuditFinding" ALTER COLUMN "kind" TYPE "FindingKind" USING "kind"::"FindingKind";
ALTER TABLE "DataRow" ALTER COLUMN "findingKinds" DROP DEFAULT,
  ALTER COLUMN "findingKinds" TYPE "FindingKind"[] USING "findingKinds"::"FindingKind"[],
  ALTER COLUMN "findingKinds" SET DEFAULT ARRAY[]::"FindingKind"[];

-- Foreign keys that lookups and cascading deletes follow, and that no other index leads with.
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");
CREATE INDEX "Revision_proposalId_idx" ON "Revision"("proposalId");
CREATE INDEX "Comment_proposalId_idx" ON "Comment"("proposalId");
CREATE INDEX "Review_proposalId_idx" ON "Review"("proposalId");
