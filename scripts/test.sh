#!/usr/bin/env bash
# All the tests: lint, format, typecheck, unit and integration (real PostgreSQL and Redis, lavapipe WebGPU),
# then Playwright end-to-end in Debian's Chromium against the built app and a real worker.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1

server_url=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/forge}
db_url() { node -e 'const u=new URL(process.argv[1]); u.pathname="/"+process.argv[2]; console.log(u.toString())' "$server_url" "$1"; }
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
DATABASE_URL=$server_url node scripts/ensure-services.mjs
# Tests use their own Redis database so a demo worker running on the same server never takes their jobs.
REDIS_URL=$(node -e 'const u=new URL(process.argv[1]); u.pathname="/"+process.argv[2]; console.log(u.toString())' "$REDIS_URL" 7)
export REDIS_URL

step() { echo; echo "=== $1"; }

step "lint and format"
npm run lint --silent
npx prettier --check . --log-level warn

step "typecheck"
npx turbo run typecheck --output-logs=errors-only

step "unit and integration tests"
test_db=$(db_url forge_test)
node scripts/prepare-test-db.mjs "$test_db"
DATABASE_URL=$test_db npx turbo run test --concurrency=1 --output-logs=full

step "end-to-end (Playwright, Chromium)"
e2e_db=$(db_url forge_e2e)
node scripts/prepare-test-db.mjs "$e2e_db" --seed
npx turbo run build --filter=@forge/web --output-logs=errors-only
E2E_DATABASE_URL=$e2e_db npm run -w @forge/tests e2e

echo
echo "all test stages passed"
