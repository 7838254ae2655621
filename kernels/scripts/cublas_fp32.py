#!/usr/bin/env python3
"""cuBLAS fp32 (TF32 off) matmul throughput at 4096^3 on the device GPU: the baseline for the WGSL matmul target."""
import json, torch
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
n = 4096
a, b = torch.randn(n, n, device="cuda"), torch.randn(n, n, device="cuda")
for _ in range(5): a @ b
torch.cuda.synchronize()
s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
times = []
for _ in range(5):
    s.record()
    for _ in range(20): a @ b
    e.record(); torch.cuda.synchronize(); times.append(s.elapsed_time(e) / 20)
ms = sorted(times)[2]
print(json.dumps({"cublas_fp32_4096_ms": round(ms, 3), "tflops": round(2 * n**3 / ms / 1e9, 2), "gpu": torch.cuda.get_device_name()}))
