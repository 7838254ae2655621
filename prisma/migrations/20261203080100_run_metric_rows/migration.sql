-- A run's loss curve becomes rows, appended as it trains, instead of the Run.metrics array rewritten whole on
-- every progress flush.
CREATE TABLE "RunMetric" (
    "runId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "loss" DOUBLE PRECISION NOT NULL,
    "lr" DOUBLE PRECISION NOT NULL,
    "ms" DOUBLE PRECISION NOT NULL,
    "evalLoss" DOUBLE PRECISION,

    CONSTRAINT "RunMetric_pkey" PRIMARY KEY ("runId","step")
);
ALTER TABLE "RunMetric" ADD CONSTRAINT "RunMetric_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every recorded point becomes a row. A step listed twice keeps its later point (the array never held one
-- twice: a resumed run replaced its repeated steps). JSON cannot hold NaN: a number written as NaN was stored
-- as null, which only an evaluation loss can be (training stops on a non-finite loss), and stays NULL here.
INSERT INTO "RunMetric" ("runId", "step", "tokens", "loss", "lr", "ms", "evalLoss")
SELECT DISTINCT ON (r."id", (p.point->>'step')::int)
       r."id",
       (p.point->>'step')::int,
       (p.point->>'tokens')::float8,
       (p.point->>'loss')::float8,
       (p.point->>'lr')::float8,
       (p.point->>'ms')::float8,
       CASE WHEN jsonb_typeof(p.point->'evalLoss') = 'number' THEN (p.point->>'evalLoss')::float8 END
FROM "Run" r
CROSS JOIN LATERAL jsonb_array_elements(r."metrics") WITH ORDINALITY AS p(point, position)
WHERE jsonb_typeof(r."metrics") = 'array'
ORDER BY r."id", (p.point->>'step')::int, p.position DESC;

ALTER TABLE "Run" DROP COLUMN "metrics";
