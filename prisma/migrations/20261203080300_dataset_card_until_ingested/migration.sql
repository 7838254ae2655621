-- A dataset has no card until its first ingest writes one: NULL instead of an empty object that is no card.
ALTER TABLE "Dataset" ALTER COLUMN "card" DROP NOT NULL,
ALTER COLUMN "card" DROP DEFAULT;

UPDATE "Dataset" SET "card" = NULL WHERE "card" = '{}'::jsonb;
