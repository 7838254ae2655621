# The Mamba-2 GPU run in one command: the hybrid's 20-step fp32 cross-check against PyTorch, then the
# layer benchmarks (ours: mamba2 and attention; PyTorch fp32: the ssd_minimal Mamba-2 layer and SDPA
# attention), one after the other on the same GPU. Bundle first (bash kernels/scripts/bundle-device.sh),
# then from the repo root: bash .device/device-hybrid.sh
source .device/boot.sh
cd .device
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader | tee $OUT/gpu.txt
node app/crosscheck-export.mjs --hybrid --out=/tmp/xh --steps=20 2>&1 | grep -v artificially | tee $OUT/hybrid-crosscheck.txt
python3 torch_hybrid.py --dir /tmp/xh 2>&1 | tee -a $OUT/hybrid-crosscheck.txt
node app/mamba2-bench.mjs ${MAMBA2_BENCH_ARGS:-} 2>&1 | grep -v artificially | tee $OUT/mamba2-bench.txt
python3 torch_hybrid.py --bench ${TORCH_BENCH_ARGS:-} 2>&1 | tee -a $OUT/mamba2-bench.txt
