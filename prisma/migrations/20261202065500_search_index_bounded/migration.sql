-- A tsvector holds at most 1 MB: one long document of distinct words (a file of hashes) made every insert of
-- its dataset fail. Index the first 100,000 characters of each row, which always fits.
DROP INDEX "DataRow_search_idx";
ALTER TABLE "DataRow" DROP COLUMN "search";
ALTER TABLE "DataRow" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english', left("text", 100000))) STORED;
CREATE INDEX "DataRow_search_idx" ON "DataRow" USING GIN ("search");
