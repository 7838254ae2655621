# The whole GPU run in one command (see kernels/BENCHMARKS.md): cuBLAS baseline, kernel bench, PyTorch
# cross-check, train bench and the PyTorch peer. Run from the repo root: bash .device/device-run.sh
# (TRAIN_BENCH_ARGS=--matmul=<names> adds train-bench's matmul A/B; see train-bench.ts).
source .device/boot.sh
cd .device
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader | tee $OUT/gpu.txt
python3 cublas_fp32.py 2>&1 | tee $OUT/cublas.txt
node app/kernels-bench.mjs --sweep 2>&1 | grep -v artificially | tee $OUT/kernels.txt
node app/crosscheck-export.mjs --out=/tmp/xc --steps=20 2>&1 | grep -v artificially | tee $OUT/crosscheck.txt
python3 torch_crosscheck.py --dir /tmp/xc --peer torch_gpt.py 2>&1 | tee -a $OUT/crosscheck.txt
node app/train-bench.mjs ${TRAIN_BENCH_ARGS:-} 2>&1 | grep -v artificially | tee $OUT/train.txt
python3 torch_gpt.py --modes ${TORCH_MODES:-fp32,tf32,bf16} 2>&1 | tee $OUT/torch.txt
python3 torch_gpt.py --vocab 8192 --seq 512 --d 512 --layers 8 --heads 8 --batch 32 --modes fp32 2>&1 | tee -a $OUT/torch.txt
