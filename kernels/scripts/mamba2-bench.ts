// Mamba-2 layer vs attention layer, forward + backward time per token at growing context, on the GPU.
// Each layer is built alone exactly as the network builds it (its LayerType: projections, conv, scan,
// norm, residual add; the pre-norm excluded), over 16K tokens per measurement (batch = 16K / T). The
// Mamba-2 kernels are first checked against their CPU references at the same widths.
//   tsx scripts/mamba2-bench.ts [--contexts=1024,2048,4096,16384] [--tokens=16384] [--d=512] [--reps=5]
// torch_hybrid.py --bench times the plain PyTorch SSD (ssd_minimal) layer over the same shapes.
import { ZArchitecture, type TArchitecture, type TLayer } from "@forge/spec";
import { type LayerType } from "../src/models/layers/layer";
import { attention as attentionLayer } from "../src/models/layers/attention";
import { mamba2 as mamba2Layer } from "../src/models/layers/mamba2";
import { acquireDevice, type EngineDevice } from "../src/runtime/device";
import { slice, type Tensor } from "../src/runtime/buffers";
import { type Dispatch } from "../src/runtime/dispatch";
import { timeDispatches } from "../src/runtime/bench";
import { Profiler } from "../src/runtime/profiler";
import { Rng } from "../src/runtime/random";
import { partialLength } from "../src/ops/colsum/colsum";
import { layoutParameters, initParameters } from "../src/models/parameters";
import { linear } from "../src/models/layers/linear";
import { checkBench as checkSsd } from "../src/ops/ssd/ssd.bench";
import { ssdForward, ssdBackward, allocateScratch, stateLength, type SsdShape } from "../src/ops/ssd/ssd";
import { ssdInputs } from "../src/ops/ssd/ssd.ref";
import { checkBench as checkConv } from "../src/ops/conv1d/conv1d.bench";
import { checkBench as checkNorm } from "../src/ops/gatednorm/gatednorm.bench";
import { HYBRID_MAMBA2 } from "./hybrid-architecture";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const contexts = (arg("contexts") ?? "1024,2048,4096,16384").split(",").map(Number);
const tokens = Number(arg("tokens") ?? 16384);
const d = Number(arg("d") ?? 512);
const reps = Number(arg("reps") ?? 5);

/** One layer's forward and backward launches over batch x T, with seeded parameters and inputs. */
function buildAlone<L extends TLayer>(
  dev: EngineDevice,
  arch: TArchitecture,
  type: LayerType<L>,
  layer: L,
  B: number,
  T: number,
) {
  const layout = layoutParameters(type.params(layer, arch));
  const params = dev.pool.upload(initParameters(layout, 1));
  const grads = dev.pool.tensor(layout.total);
  const M = B * T;
  const C = arch.d_model;
  const rng = new Rng(2);
  const held: Tensor[] = [params, grads];
  const tensor = (n: number) => {
    const t = dev.pool.tensor(n);
    held.push(t);
    return t;
  };
  const upload = (n: number) => {
    const t = dev.pool.upload(rng.uniformArray(n));
    held.push(t);
    return t;
  };
  const widths = type.scratch(layer, arch);
  const partial = tensor(partialLength(M, Math.max(C, ...widths)));
  const entry = (name: string) => {
    const e = layout.byName.get(name);
    if (!e) throw new Error(`no parameter ${name}`);
    return e;
  };
  const param = (name: string) => slice(params, entry(name).offset, entry(name).length);
  const grad = (name: string) => slice(grads, entry(name).offset, entry(name).length);
  const built = type.build(layer, {
    dev,
    arch,
    B,
    T,
    M,
    C,
    input: upload(M * C),
    residual: upload(M * C),
    out: tensor(M * C),
    dOut: upload(M * C),
    dInput: tensor(M * C),
    scratch: widths.map((w) => tensor(M * w)),
    tensor,
    param,
    grad,
    linear: (name) => {
      const [out, inp] = entry(`${name}.w`).shape;
      const bias = layout.byName.has(`${name}.b`);
      return linear(
        dev,
        {
          kernel: name,
          w: param(`${name}.w`),
          dw: grad(`${name}.w`),
          b: bias ? param(`${name}.b`) : undefined,
          db: bias ? grad(`${name}.b`) : undefined,
          out: out ?? 0,
          in: inp ?? 0,
        },
        M,
        partial,
      );
    },
  });
  return {
    launches: [...built.forward, ...built.backward],
    release: () => held.forEach((t) => dev.pool.release(t)),
  };
}

/** One pass with a timestamp pair per launch: the layer's time by kernel, largest first. */
async function profile(launches: Dispatch[]): Promise<string> {
  if (!dev.hasTimestamps) return "";
  const profiler = new Profiler(dev, launches.length);
  const encoder = dev.gpu.createCommandEncoder();
  profiler.encode(encoder, launches);
  dev.gpu.queue.submit([encoder.finish()]);
  await profiler.collect(launches);
  profiler.destroy();
  return profiler
    .report()
    .map((k) => `${k.kernel} ${k.ms.toFixed(3)}`)
    .join(", ");
}

/** The scan alone (forward + backward), at the layer's shape: what torch_hybrid.py's ssd_minimal row times. */
function buildScan(s: SsdShape) {
  const v = ssdInputs(s, 3);
  const rows = s.B * s.T;
  const held: Tensor[] = [];
  const keep = (t: Tensor) => (held.push(t), t);
  const t = {
    xbc: keep(dev.pool.upload(v.xbc)),
    dt: keep(dev.pool.upload(v.dt)),
    A: keep(dev.pool.upload(v.A)),
    D: keep(dev.pool.upload(v.D)),
    y: keep(dev.pool.tensor(rows * s.H * s.P)),
    states: keep(dev.pool.tensor(stateLength(s))),
  };
  const g = {
    dy: keep(dev.pool.upload(new Rng(4).uniformArray(rows * s.H * s.P))),
    dxbc: keep(dev.pool.tensor(v.xbc.length)),
    ddt: keep(dev.pool.tensor(v.dt.length)),
    dA: keep(dev.pool.tensor(s.H)),
    dD: keep(dev.pool.tensor(s.H)),
  };
  const scratch = allocateScratch((n) => keep(dev.pool.tensor(n)), s);
  return {
    launches: [...ssdForward(dev, s, t, scratch), ...ssdBackward(dev, s, t, g, scratch)],
    release: () => held.forEach((x) => dev.pool.release(x)),
  };
}

const dev = await acquireDevice();
const full = dev.adapter.kind === "gpu";
console.log(`adapter: ${dev.adapter.kind} ${dev.adapter.description || dev.adapter.device}`);
await checkSsd(dev, full);
await checkConv(dev, full);
await checkNorm(dev, full);
console.log("mamba2 kernels match their CPU references at the bench widths");

const mamba2 = { ...HYBRID_MAMBA2 };
const attention = { type: "attention", heads: d / 64, kv_heads: d / 64, rope: true, bias: false } as const;
const rows: Array<Record<string, number | string>> = [];
for (const T of contexts) {
  const B = Math.max(1, Math.round(tokens / T));
  const arch = ZArchitecture.parse({
    vocab: 256,
    d_model: d,
    norm: "rmsnorm",
    tie_embeddings: true,
    positional: "rope",
    max_seq: T,
    layers: [attention, mamba2],
  });
  const scan: SsdShape = {
    B,
    T,
    H: (mamba2.expand * d) / mamba2.head_dim,
    P: mamba2.head_dim,
    N: mamba2.d_state,
    Q: mamba2.chunk,
  };
  for (const layer of [...arch.layers, "ssd scan" as const]) {
    const built =
      layer === "ssd scan"
        ? buildScan(scan)
        : layer.type === "mamba2"
          ? buildAlone(dev, arch, mamba2Layer, layer, B, T)
          : layer.type === "attention"
            ? buildAlone(dev, arch, attentionLayer, layer, B, T)
            : null;
    if (!built) throw new Error(`no bench for ${layer === "ssd scan" ? layer : layer.type}`);
    const ms = await timeDispatches(dev, built.launches, reps);
    const kernels = await profile(built.launches);
    built.release();
    const row = {
      engine: "forge",
      layer: layer === "ssd scan" ? layer : layer.type,
      d_model: d,
      T,
      batch: B,
      ms_fwd_bwd: Number(ms.toFixed(3)),
      us_per_token: Number(((ms * 1e3) / (B * T)).toFixed(4)),
      kernels,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
console.log(`\n${"layer".padEnd(12)}${"T".padEnd(8)}${"batch".padEnd(8)}${"ms".padEnd(12)}us/token`);
for (const r of rows)
  console.log(
    `${String(r.layer).padEnd(12)}${String(r.T).padEnd(8)}${String(r.batch).padEnd(8)}${String(r.ms_fwd_bwd).padEnd(12)}${r.us_per_token}`,
  );
dev.destroy();
