#!/usr/bin/env python3
"""PyTorch peer of the attention / Mamba-2 hybrid (the GPT peer's conventions, shared/bench/torch_gpt.py, plus
Mamba-2 layers written after the SSD reference published with Mamba-2: ssd_minimal_discrete and
Mamba2Simple's non-fused path in state-spaces/mamba), in plain fp32 PyTorch.

Two modes:
  --dir DIR    cross-check: replays the run that `crosscheck-export.ts --hybrid --out=DIR` exported (same
               initial weights, batches, AdamW + clipping + schedule; TF32 off) and compares the losses step
               by step. Exit status 1 when a step differs by more than --rtol (default 1e-4) relative.
  --bench      the plain PyTorch SSD layer's (and, for reference, an SDPA attention layer's) forward +
               backward time per token at --contexts over --tokens tokens, the shapes mamba2-bench.ts uses.
Parameters are a dict keyed by the engine's names (models/network.ts and layers/*.ts), in the engine's shapes.
"""
import argparse, json, math, os, sys, time
import numpy as np
import torch
import torch.nn.functional as F

CONV_WIDTH = 4  # MAMBA2_CONV_WIDTH in @forge/spec
NORM_EPS = 1e-5


def segsum(x):
    """Stable segment sums: out[..., i, j] = x[..., j+1] + ... + x[..., i] for j <= i, -inf above."""
    T = x.size(-1)
    x = x[..., None].expand(*x.shape, T)
    x = x.masked_fill(~torch.tril(torch.ones(T, T, dtype=torch.bool, device=x.device), diagonal=-1), 0)
    x = torch.cumsum(x, dim=-2)
    return x.masked_fill(~torch.tril(torch.ones(T, T, dtype=torch.bool, device=x.device), diagonal=0), -math.inf)


def ssd(X, A, B, C, chunk):
    """ssd_minimal_discrete: X (b, T, h, p) already times dt, A (b, T, h) already times dt, B and C
    (b, T, 1, n). T is padded to a multiple of the chunk with zero steps (causal: nothing earlier changes)."""
    b, T, h, p = X.shape
    Q = min(chunk, T)
    pad = (-T) % Q
    if pad:
        X, B, C = (F.pad(t, (0, 0, 0, 0, 0, pad)) for t in (X, B, C))
        A = F.pad(A, (0, 0, 0, pad))
    c = (T + pad) // Q
    X = X.reshape(b, c, Q, h, p)
    B = B.reshape(b, c, Q, 1, -1)
    C = C.reshape(b, c, Q, 1, -1)
    A = A.reshape(b, c, Q, h).permute(0, 3, 1, 2)  # b h c l
    A_cumsum = torch.cumsum(A, dim=-1)
    # 1. intra-chunk (diagonal blocks)
    L = torch.exp(segsum(A))
    Y_diag = torch.einsum("bclgn,bcsgn,bhcls,bcshp->bclhp", C, B, L, X)
    # 2. each chunk's state
    decay_states = torch.exp(A_cumsum[:, :, :, -1:] - A_cumsum)
    states = torch.einsum("bclgn,bhcl,bclhp->bcghpn", B, decay_states, X)
    # 3. inter-chunk recurrence
    states = torch.cat([torch.zeros_like(states[:, :1]), states], dim=1)
    decay_chunk = torch.exp(segsum(F.pad(A_cumsum[:, :, :, -1], (1, 0))))
    states = torch.einsum("bhzc,bcghpn->bzghpn", decay_chunk, states)[:, :-1]
    # 4. state -> output
    Y_off = torch.einsum("bclgn,bcghpn,bhcl->bclhp", C, states, torch.exp(A_cumsum))
    return (Y_diag + Y_off).reshape(b, c * Q, h, p)[:, :T]


def mamba2(P, pre, layer, h):
    b, T, d = h.shape
    inner = layer["expand"] * d
    hd, N = layer["head_dim"], layer["d_state"]
    H = inner // hd
    conv_ch = inner + 2 * N
    z, xBC, dt = torch.split(F.linear(h, P[pre + "in_proj.w"]), [inner, conv_ch, H], dim=-1)
    w = P[pre + "conv.w"].unsqueeze(1)  # [conv_ch, 1, K], PyTorch's depthwise layout
    xBC = F.silu(F.conv1d(xBC.transpose(1, 2), w, P[pre + "conv.b"], padding=CONV_WIDTH - 1, groups=conv_ch))
    x, Bm, Cm = torch.split(xBC[..., :T].transpose(1, 2), [inner, N, N], dim=-1)
    dt = F.softplus(dt + P[pre + "dt_bias"])
    A = -torch.exp(P[pre + "A_log"])
    x = x.reshape(b, T, H, hd)
    y = ssd(x * dt[..., None], A * dt, Bm.reshape(b, T, 1, N), Cm.reshape(b, T, 1, N), layer["chunk"])
    y = (y + x * P[pre + "D"][:, None]).reshape(b, T, inner)
    g = y * F.silu(z)
    g = g * torch.rsqrt(g.pow(2).mean(-1, keepdim=True) + NORM_EPS) * P[pre + "out_norm.w"]
    return F.linear(g, P[pre + "out_proj.w"])


def causal_attention(q, k, v):
    if hasattr(F, "scaled_dot_product_attention"):
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
    T = q.size(-2)  # PyTorch < 2.0 (CPU test machines): the same math, unfused
    s = (q @ k.transpose(-1, -2)) / math.sqrt(q.size(-1))
    s = s.masked_fill(~torch.tril(torch.ones(T, T, dtype=torch.bool, device=q.device)), -math.inf)
    return torch.softmax(s, dim=-1) @ v


def rope(t):
    """Rotate-half RoPE as ops/attention/rope.ts: pairs (x_i, x_{i+D/2}) by t * 10000^(-2i/D)."""
    T, D = t.size(-2), t.size(-1)
    inv = 10000.0 ** (-torch.arange(0, D, 2, device=t.device, dtype=torch.float32) / D)
    ang = torch.arange(T, device=t.device, dtype=torch.float32)[:, None] * inv
    cos, sin = torch.cos(ang), torch.sin(ang)
    a, b = t[..., : D // 2], t[..., D // 2 :]
    return torch.cat([a * cos - b * sin, a * sin + b * cos], dim=-1)


def attention(P, pre, layer, h):
    b, T, d = h.shape
    Hq, Hkv = layer["heads"], layer.get("kv_heads", layer["heads"])
    D = d // Hq
    qkv = F.linear(h, P[pre + "qkv.w"], P.get(pre + "qkv.b"))
    q, k, v = torch.split(qkv, [Hq * D, Hkv * D, Hkv * D], dim=-1)
    q, k, v = (t.reshape(b, T, -1, D).transpose(1, 2) for t in (q, k, v))
    if layer.get("rope"):
        q, k = rope(q), rope(k)
    if Hkv != Hq:
        k, v = (t.repeat_interleave(Hq // Hkv, dim=1) for t in (k, v))
    o = causal_attention(q, k, v).transpose(1, 2).reshape(b, T, Hq * D)
    return F.linear(o, P[pre + "proj.w"], P.get(pre + "proj.b"))


def mlp(P, pre, layer, h):
    act = F.linear(h, P[pre + "fc.w"], P.get(pre + "fc.b"))
    act = F.gelu(act) if layer["act"] == "gelu" else F.silu(act[..., : layer["d_ff"]]) * act[..., layer["d_ff"] :]
    return F.linear(act, P[pre + "fc2.w"], P.get(pre + "fc2.b"))


LAYERS = {"attention": attention, "mlp": mlp, "mamba2": mamba2}


def norm(arch, P, prefix, x):
    if arch["norm"] == "layernorm":
        return F.layer_norm(x, x.shape[-1:], P[prefix + "norm.w"], P[prefix + "norm.b"], NORM_EPS)
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + NORM_EPS) * P[prefix + "norm.w"]


def model_loss(arch, P, idx, tgt):
    x = P["wte"][idx]
    if "wpe" in P:
        x = x + P["wpe"][: idx.size(1)]
    for i, layer in enumerate(arch["layers"]):
        pre = f"layers.{i}."
        x = x + LAYERS[layer["type"]](P, pre, layer, norm(arch, P, pre, x))
    head = P["wte"] if arch["tie_embeddings"] else P["head"]
    logits = F.linear(norm(arch, P, "final.", x), head)
    return F.cross_entropy(logits.reshape(-1, logits.size(-1)), tgt.reshape(-1))


def crosscheck(a, device):
    meta = json.load(open(os.path.join(a.dir, "meta.json")))
    s, r, arch = meta["shape"], meta["recipe"], meta["architecture"]
    flat = np.fromfile(os.path.join(a.dir, "params.bin"), dtype=np.float32)
    P = {}
    for e in meta["layout"]:
        values = flat[e["offset"] : e["offset"] + e["length"]].reshape(e["shape"]).copy()
        P[e["name"]] = torch.tensor(values, device=device, requires_grad=True)
    # The engine's rule: matrices (2+ dims) are weight-decayed, vectors are not.
    decay = [p for p in P.values() if p.dim() >= 2]
    no_decay = [p for p in P.values() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": r["optimizer"]["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=r["optimizer"]["lr"], betas=tuple(r["optimizer"]["betas"]), eps=1e-8, foreach=False,
    )
    bt = s["batch"] * s["seq"]
    inputs = np.fromfile(os.path.join(a.dir, "inputs.bin"), dtype=np.uint32).astype(np.int64)
    targets = np.fromfile(os.path.join(a.dir, "targets.bin"), dtype=np.uint32).astype(np.int64)
    worst = 0.0
    print(f"{'step':>4} {'engine':>12} {'torch':>12} {'rel diff':>10}")
    for step, (ours, lr) in enumerate(zip(meta["losses"], meta["lrs"])):
        idx = torch.from_numpy(inputs[step * bt : (step + 1) * bt].reshape(s["batch"], s["seq"])).to(device)
        tgt = torch.from_numpy(targets[step * bt : (step + 1) * bt].reshape(s["batch"], s["seq"])).to(device)
        for g in opt.param_groups:
            g["lr"] = lr
        loss = model_loss(arch, P, idx, tgt)
        loss.backward()
        if r["optimizer"]["grad_clip"] > 0:
            torch.nn.utils.clip_grad_norm_(list(P.values()), r["optimizer"]["grad_clip"])
        opt.step()
        opt.zero_grad(set_to_none=True)
        theirs = loss.item()
        rel = abs(ours - theirs) / abs(theirs)
        worst = max(worst, rel)
        print(f"{step:>4} {ours:>12.6f} {theirs:>12.6f} {rel:>10.2e}")
    verdict = "PASS" if worst <= a.rtol else "FAIL"
    gpu = torch.cuda.get_device_name() if device == "cuda" else "cpu"
    print(json.dumps({"crosscheck": "hybrid " + verdict, "steps": len(meta["losses"]), "max_rel_diff": worst,
                      "rtol": a.rtol, "layers": [l["type"] for l in arch["layers"]], "gpu": gpu}))
    return verdict == "PASS"


def bench(a, device):
    """Forward + backward of one layer (pre-norm excluded, residual add included), random weights."""
    d = a.d
    mamba = {"type": "mamba2", "d_state": 64, "expand": 2, "head_dim": 64, "chunk": 64}  # HYBRID_MAMBA2
    attn = {"type": "attention", "heads": d // 64, "kv_heads": d // 64, "rope": True}
    inner, N = 2 * d, 64
    H = inner // 64
    gen = torch.Generator(device="cpu").manual_seed(0)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    rand = lambda *shape, std=0.02: (torch.randn(*shape, generator=gen) * std).to(device).requires_grad_()
    P = {
        "m.in_proj.w": rand(2 * inner + 2 * N + H, d),
        "m.conv.w": rand(inner + 2 * N, CONV_WIDTH, std=0.3),
        "m.conv.b": rand(inner + 2 * N, std=0.0),
        "m.dt_bias": torch.full((H,), -3.0, device=device, requires_grad=True),
        "m.A_log": torch.full((H,), 1.0, device=device, requires_grad=True),
        "m.D": torch.ones(H, device=device, requires_grad=True),
        "m.out_norm.w": torch.ones(inner, device=device, requires_grad=True),
        "m.out_proj.w": rand(d, inner),
        "a.qkv.w": rand(3 * d, d),
        "a.proj.w": rand(d, d),
    }
    for T in a.contexts:
        B = max(1, round(a.tokens / T))
        # The scan alone: ssd_minimal plus the D skip, gradients into x, dt, A, B, C and D.
        sx = torch.randn(B, T, H, 64, generator=gen).to(device).requires_grad_()
        sdt = (torch.rand(B, T, H, generator=gen) * 0.1 + 0.01).to(device).requires_grad_()
        sA = (-torch.rand(H, generator=gen) * 4 - 0.5).to(device).requires_grad_()
        sB, sC = (torch.randn(B, T, 1, N, generator=gen).to(device).requires_grad_() for _ in range(2))
        sdy = torch.randn(B, T, H, 64, generator=gen).to(device)
        scan = lambda: (ssd(sx * sdt[..., None], sA * sdt, sB, sC, mamba["chunk"]) + sx * P["m.D"][:, None]).backward(sdy)
        for name, layer, pre, fn in (("mamba2", mamba, "m.", mamba2), ("attention", attn, "a.", attention), ("ssd scan", None, None, None)):
            if name == "attention" and a.no_attention:
                continue
            x = torch.randn(B, T, d, generator=gen).to(device)
            dy = torch.randn(B, T, d, generator=gen).to(device)

            def step():
                if fn is None:
                    return scan()
                out = x + fn(P, pre, layer, x)
                out.backward(dy)

            try:
                for _ in range(2):
                    step()
                sync()
                t0 = time.perf_counter()
                for _ in range(a.reps):
                    step()
                sync()
                ms = (time.perf_counter() - t0) / a.reps * 1e3
                label = {"mamba2": "mamba2 (ssd_minimal)", "attention": "attention (sdpa)", "ssd scan": "ssd scan (ssd_minimal)"}
                row = {"engine": "torch fp32", "layer": label[name],
                       "d_model": d, "T": T, "batch": B, "ms_fwd_bwd": round(ms, 3),
                       "us_per_token": round(ms * 1e3 / (B * T), 4)}
            except torch.cuda.OutOfMemoryError as e:
                row = {"engine": "torch fp32", "layer": name, "T": T, "batch": B, "error": str(e).split("\n")[0]}
            for p in [*P.values(), sx, sdt, sA, sB, sC]:
                p.grad = None
            if device == "cuda":
                torch.cuda.empty_cache()
            print(json.dumps(row), flush=True)


ap = argparse.ArgumentParser()
ap.add_argument("--dir")
ap.add_argument("--rtol", type=float, default=1e-4)
ap.add_argument("--bench", action="store_true")
ap.add_argument("--contexts", type=lambda s: [int(v) for v in s.split(",")], default=[1024, 2048, 4096, 16384])
ap.add_argument("--tokens", type=int, default=16384)
ap.add_argument("--d", type=int, default=512)
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--no-attention", action="store_true")
ap.add_argument("--cpu", action="store_true", help="run on the CPU (tests of this script)")
a = ap.parse_args()
device = "cpu" if a.cpu or not torch.cuda.is_available() else "cuda"
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
ok = True
if a.dir:
    ok = crosscheck(a, device)
if a.bench:
    bench(a, device)
sys.exit(0 if ok else 1)
