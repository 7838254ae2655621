import { describe, expect, it } from "vitest";
import {
  ZArchitecture,
  countParameters,
  flopsPerToken,
  ssmStateBytes,
  MAMBA2_CONV_WIDTH,
  type TArchitecture,
} from "@forge/spec";
import { testDevice, run, read } from "../../runtime/testing";
import { Rng } from "../../runtime/random";
import { checkGradient } from "../../runtime/gradcheck";
import { buildModel } from "../network";
import { forwardLossesRef } from "../network.ref";
import { checkArchitecture } from "../support";
import { stateLength, ssdForwardFlopsPerToken } from "../../ops/ssd/ssd";
import { mamba2Dims } from "./mamba2";

const hybrid = ZArchitecture.parse({
  vocab: 32,
  d_model: 16,
  norm: "rmsnorm",
  tie_embeddings: false,
  positional: "rope",
  layers: [
    { type: "attention", heads: 2, kv_heads: 1, rope: true },
    { type: "mlp", d_ff: 24, act: "swiglu" },
    { type: "mamba2", d_state: 16, expand: 2, head_dim: 8, chunk: 4 },
    { type: "mlp", d_ff: 24, act: "gelu" },
    { type: "mamba2", d_state: 8, expand: 1, head_dim: 16, chunk: 8 }, // one head
  ],
});

function batch(seed: number, n: number) {
  const rng = new Rng(seed);
  const ids = () => Uint32Array.from({ length: n }, () => rng.int(hybrid.vocab));
  return { inputs: ids(), targets: ids() };
}

describe("mamba2 layer in a hybrid network", () => {
  it("forward losses and every mamba2 parameter's gradient match the CPU reference (T off the chunk)", async () => {
    const dev = await testDevice();
    const B = 2;
    const T = 11;
    const net = buildModel(hybrid, dev, { seed: 3, batch: B, seqLen: T });
    // Move the parameters off their init (D = 1, biases 0, norm weights 1) so every path carries signal,
    // and dt up to ~1 (from 0.001..0.1) so the dt and A gradients stand well above finite-difference noise.
    const rng = new Rng(8);
    const params = (await read(dev, net.params)).map((v) => v + 0.05 * rng.normal());
    for (const e of net.layout.entries.filter((x) => x.name.endsWith(".dt_bias")))
      for (let j = 0; j < e.length; j++) params[e.offset + j] = rng.uniformArray(1, -1, 1)[0]!;
    net.setParameters(params);
    const { inputs, targets } = batch(1, B * T);
    net.setBatch(inputs, targets);
    await run(dev, [...net.forward, ...net.trainLoss, ...net.backward]);
    const meanRef = (p: Float32Array) => {
      const losses = forwardLossesRef(hybrid, net.layout, p, inputs, targets, B, T);
      return losses.reduce((a, v) => a + v, 0) / losses.length;
    };
    const [loss] = await read(dev, net.loss);
    expect(Math.abs(loss! - meanRef(params))).toBeLessThan(1e-5);
    const grads = await read(dev, net.grads);
    for (const e of net.layout.entries.filter((x) => /^layers\.[24]\./.test(x.name))) {
      const view = (a: Float32Array) => a.subarray(e.offset, e.offset + e.length);
      const lossOf = (p: Float32Array) => {
        const all = new Float32Array(params);
        all.set(p, e.offset);
        return meanRef(all);
      };
      checkGradient(e.name, lossOf, view(params).slice(), view(grads), {
        eps: 1e-2,
        samples: 6,
        tol: { atol: 2e-5, rtol: 3e-2 },
      });
    }
    net.release();
  });

  it("refuses a head_dim that does not divide d_model * expand, naming the field", () => {
    const bad: TArchitecture = {
      ...hybrid,
      layers: [
        ...hybrid.layers.slice(0, 2),
        { type: "mamba2", d_state: 16, expand: 2, head_dim: 12, chunk: 4 },
      ],
    };
    const limits = { maxStorageBufferBindingSize: 1 << 30, maxBufferSize: 1 << 30 };
    expect(() => checkArchitecture(bad, { batch: 1, seqLen: 8, limits })).toThrow(
      /^architecture\.layers\[2\]\.head_dim: 12 does not divide d_model \* expand = 32/,
    );
  });

  it("allocates the parameters, scan FLOPs and recurrent state that @forge/spec derives", async () => {
    const dev = await testDevice();
    const T = 6;
    const net = buildModel(hybrid, dev, { seed: 1, batch: 1, seqLen: T });
    const derived = countParameters(hybrid);
    const lengthOf = (prefix: string) =>
      net.layout.entries.filter((e) => e.name.startsWith(prefix)).reduce((a, e) => a + e.length, 0);
    expect(lengthOf("")).toBe(derived.total);
    hybrid.layers.forEach((_, i) => {
      expect(lengthOf(`layers.${i}.`) - lengthOf(`layers.${i}.norm.`)).toBe(derived.layers[i]);
    });
    let matrixFlops = 0;
    let scanFlops = 0;
    let stateFloats = 0;
    for (const e of net.layout.entries)
      if (e.shape.length === 2 && e.name !== "wte") matrixFlops += 2 * e.length;
    hybrid.layers.forEach((layer, i) => {
      if (layer.type !== "mamba2") return;
      const m = mamba2Dims(layer, hybrid.d_model);
      const s = { B: 1, T, H: m.heads, P: layer.head_dim, N: layer.d_state, Q: layer.chunk };
      scanFlops += ssdForwardFlopsPerToken(s);
      const conv = net.layout.byName.get(`layers.${i}.conv.w`)?.shape;
      expect(conv).toEqual([m.convChannels, MAMBA2_CONV_WIDTH]);
      // The state the scan hands from one chunk to the next, plus the conv's K − 1 earlier inputs.
      stateFloats += stateLength(s) / Math.ceil(T / s.Q) + (MAMBA2_CONV_WIDTH - 1) * m.convChannels;
    });
    const flops = flopsPerToken(hybrid, T);
    expect(matrixFlops + scanFlops).toBe(flops.forward - flops.attention);
    expect(stateFloats * 4).toBe(ssmStateBytes(hybrid));
    net.release();
  });
});
