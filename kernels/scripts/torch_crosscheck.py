#!/usr/bin/env python3
"""Cross-check against PyTorch, PyTorch side: replays the run exported by crosscheck-export.ts in the peer
model of shared/bench/torch_gpt.py (same initial weights, same batches, same AdamW + clipping + schedule,
fp32 with TF32 off) and compares the losses step by step. Exit status 1 when any step differs by more
than --rtol (default 1e-4) relative.
  python3 torch_crosscheck.py --dir /tmp/xc --peer path/to/torch_gpt.py
"""
import argparse, json, os, sys
import numpy as np
import torch

ap = argparse.ArgumentParser()
ap.add_argument("--dir", required=True)
ap.add_argument("--peer", required=True, help="path to torch_gpt.py")
ap.add_argument("--rtol", type=float, default=1e-4)
a = ap.parse_args()
sys.path.insert(0, os.path.dirname(os.path.abspath(a.peer)))
from torch_gpt import GPT  # noqa: E402

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
meta = json.load(open(os.path.join(a.dir, "meta.json")))
s, r = meta["shape"], meta["recipe"]
flat = np.fromfile(os.path.join(a.dir, "params.bin"), dtype=np.float32)
model = GPT(s["vocab"], s["seq"], s["d"], s["layers"], s["heads"]).cuda()


def torch_name(ours):
    """Our parameter names (models/network.ts) to the peer's."""
    parts = ours.split(".")
    if ours in ("wte", "wpe"):
        return ours + ".weight"
    kind = {"w": "weight", "b": "bias"}[parts[-1]]
    if parts[0] == "final":
        return "lnf." + kind
    layer = int(parts[1])
    block = f"blocks.{layer // 2}."
    if parts[2] == "norm":
        return block + ("ln1." if layer % 2 == 0 else "ln2.") + kind
    return block + parts[2] + "." + kind


state = dict(model.named_parameters())
with torch.no_grad():
    for e in meta["layout"]:
        values = flat[e["offset"] : e["offset"] + e["length"]].reshape(e["shape"])
        state[torch_name(e["name"])].copy_(torch.from_numpy(values.copy()))

decay = [p for _, p in model.named_parameters() if p.dim() >= 2]
no_decay = [p for _, p in model.named_parameters() if p.dim() < 2]
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
    idx = torch.from_numpy(inputs[step * bt : (step + 1) * bt].reshape(s["batch"], s["seq"])).cuda()
    tgt = torch.from_numpy(targets[step * bt : (step + 1) * bt].reshape(s["batch"], s["seq"])).cuda()
    for g in opt.param_groups:
        g["lr"] = lr
    loss = model(idx, tgt)
    loss.backward()
    if r["optimizer"]["grad_clip"] > 0:
        torch.nn.utils.clip_grad_norm_(model.parameters(), r["optimizer"]["grad_clip"])
    opt.step()
    opt.zero_grad(set_to_none=True)
    theirs = loss.item()
    rel = abs(ours - theirs) / abs(theirs)
    worst = max(worst, rel)
    print(f"{step:>4} {ours:>12.6f} {theirs:>12.6f} {rel:>10.2e}")
verdict = "PASS" if worst <= a.rtol else "FAIL"
print(json.dumps({"crosscheck": verdict, "steps": len(meta["losses"]), "max_rel_diff": worst, "rtol": a.rtol, "gpu": torch.cuda.get_device_name()}))
sys.exit(0 if verdict == "PASS" else 1)
