#!/usr/bin/env bash
# The main job: the demo platform (web + worker) with its embedded default data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
exec node scripts/demo.mjs
