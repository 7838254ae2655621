#!/bin/sh
# Stand-in for Prisma 7's native schema engine, which cannot be downloaded here. generate/validate/format
# never run it; migrations go through scripts/migrate.mjs instead.
echo "schema engine unavailable offline, use the migrate script (npm run -w @forge/db migrate:dev)" >&2
exit 1
