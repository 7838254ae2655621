-- What budgets and the ledger add up becomes real columns instead of fields read out of Run.cost in SQL:
-- the GPU-seconds a run held, and the run a reused base run was copied from.
ALTER TABLE "Run" ADD COLUMN "gpuSeconds" DOUBLE PRECISION,
ADD COLUMN "reusedFromId" TEXT;

UPDATE "Run"
SET "gpuSeconds" = CASE WHEN jsonb_typeof("cost"->'gpuSeconds') = 'number' THEN ("cost"->>'gpuSeconds')::float8 END,
    "reusedFromId" = "cost"->>'reused'
WHERE "cost" IS NOT NULL;

-- Run.cost keeps the throughput figures written when training ends. A run that never finished training had
-- recorded only its GPU-seconds there: it has no cost now.
UPDATE "Run"
SET "cost" = CASE WHEN "cost" ? 'tokensPerSecond' THEN "cost" - 'gpuSeconds' - 'reused' END
WHERE "cost" IS NOT NULL;
