#!/usr/bin/env bash
# Bundles the GPU entry points into .device/app (Dawn stays external; see shared/device/README.md) and
# copies the Python side beside them. The createRequire banner lets bundled CommonJS (yaml) require builtins.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
mkdir -p .device/app
banner="import { createRequire as __forgeRequire } from 'module'; const require = __forgeRequire(import.meta.url);"
for entry in kernels/bench/kernels-bench.ts kernels/bench/train-bench.ts kernels/scripts/crosscheck-export.ts \
  kernels/scripts/mamba2-bench.ts; do
  npx esbuild "$entry" --bundle --platform=node --format=esm --external:webgpu --log-level=warning \
    --banner:js="$banner" --outfile=".device/app/$(basename "${entry%.ts}").mjs"
done
cp -f kernels/scripts/torch_crosscheck.py kernels/scripts/cublas_fp32.py kernels/scripts/device-run.sh .device/
cp -f kernels/scripts/torch_hybrid.py kernels/scripts/device-hybrid.sh .device/
cp -f ../shared/bench/torch_gpt.py .device/
