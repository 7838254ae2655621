-- AlterTable
ALTER TABLE "DataRow" ADD COLUMN     "docId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "search" tsvector GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED;

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "error" TEXT,
ADD COLUMN     "origin" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "Tokenizer" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "objectKey" TEXT NOT NULL,
    "vocabSize" INTEGER NOT NULL,
    "trainedOn" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tokenizer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetTokens" (
    "id" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "tokenizerId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "tokens" BIGINT NOT NULL,
    "documents" INTEGER NOT NULL,
    "textBytes" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatasetTokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tokenizer_projectId_name_key" ON "Tokenizer"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetTokens_datasetId_tokenizerId_key" ON "DatasetTokens"("datasetId", "tokenizerId");

-- CreateIndex
CREATE INDEX "DataRow_datasetId_id_idx" ON "DataRow"("datasetId", "id");

-- CreateIndex
CREATE INDEX "DataRow_search_idx" ON "DataRow" USING GIN ("search");

-- CreateIndex
CREATE INDEX "DataRow_findingKinds_idx" ON "DataRow" USING GIN ("findingKinds");

-- AddForeignKey
ALTER TABLE "Tokenizer" ADD CONSTRAINT "Tokenizer_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetTokens" ADD CONSTRAINT "DatasetTokens_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetTokens" ADD CONSTRAINT "DatasetTokens_tokenizerId_fkey" FOREIGN KEY ("tokenizerId") REFERENCES "Tokenizer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
