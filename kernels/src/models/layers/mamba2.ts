// Mamba-2 layer (the paper's SSD block, Mamba2Simple's non-fused path in state-spaces/mamba) with one
// B/C group and a width-4 conv, as @forge/spec's derived figures count it:
//   in_proj: input [M, d] -> zxbcdt [M, W], W = 2·inner + 2·d_state + heads, columns [z | x B C | dt_raw]
//   conv1d + SiLU over the x, B, C columns (read in place) -> xbc [M, inner + 2·d_state]
//   dt = softplus(dt_raw + dt_bias), A = −exp(A_log) per head
//   y = SSD(x, dt, A, B, C) + D·x, chunked by `chunk`                               [M, inner]
//   out_proj(rmsnorm(y·silu(z))·w) + residual
// Kept for backward: zxbcdt, xbc, dt, y, the gated norm's output and statistics, one head_dim x d_state
// state per head and chunk, and the scan's decay sums and C·B within chunks (memory linear in the sequence). Every gradient column of zxbcdt is written by
// exactly one op (z by the gated norm, x B C by the conv, dt_raw by dt), so nothing is zeroed.
//
// Init (the layer's own, deterministic): in_proj N(0, 0.02), out_proj N(0, 0.02/sqrt(2·layers)) like the
// other projections; conv weights N(0, 1/(3·K)) (the variance of PyTorch's default uniform), conv bias 0;
// D = 1 and norm weight 1 as in Mamba-2; A and dt at evenly spaced quantiles of Mamba-2's random ranges,
// A in [1, 16] and dt log-uniform in [0.001, 0.1] (dt_bias = softplus⁻¹(dt)), so every head starts with
// a different memory length.
import { type TMamba2Layer, MAMBA2_CONV_WIDTH } from "@forge/spec";
import { conv1dForward, conv1dBackward, partialLengths, type Conv1dShape } from "../../ops/conv1d/conv1d";
import { dtForward, dtBackward, partialLength as dtPartialLength } from "../../ops/ssd/dt";
import { ssdForward, ssdBackward, allocateScratch, stateLength, type SsdShape } from "../../ops/ssd/ssd";
import {
  gatedNormForward,
  gatedNormBackward,
  partialLength as normPartialLength,
} from "../../ops/gatednorm/gatednorm";
import { SpecError } from "../spec-error";
import { INIT_STD, linearSpecs, residualInitStd, type LayerType } from "./layer";

export const DT_RANGE = [0.001, 0.1] as const;
export const A_RANGE = [1, 16] as const;

/** The layer's widths for model width d. */
export function mamba2Dims(layer: TMamba2Layer, d: number) {
  const inner = layer.expand * d;
  const heads = inner / layer.head_dim;
  const convChannels = inner + 2 * layer.d_state;
  return { inner, heads, convChannels, width: inner + convChannels + heads };
}

/** Quantile (h + 1/2)/H of each head, h = 0..H−1. */
const quantiles = (H: number) => Array.from({ length: H }, (_, h) => (h + 0.5) / H);

/** A_log = log(A) for A evenly spread over A_RANGE. */
export function initialALog(H: number): number[] {
  return quantiles(H).map((q) => Math.log(A_RANGE[0] + q * (A_RANGE[1] - A_RANGE[0])));
}

/** dt_bias = softplus⁻¹(dt) = dt + log(1 − exp(−dt)) for dt log-evenly spread over DT_RANGE. */
export function initialDtBias(H: number): number[] {
  const [lo, hi] = DT_RANGE.map(Math.log) as [number, number];
  return quantiles(H).map((q) => {
    const dt = Math.exp(lo + q * (hi - lo));
    return dt + Math.log(-Math.expm1(-dt));
  });
}

export const mamba2: LayerType<TMamba2Layer> = {
  check(layer, arch, at) {
    const inner = layer.expand * arch.d_model;
    if (inner % layer.head_dim !== 0)
      throw new SpecError(
        `${at}.head_dim`,
        `${layer.head_dim} does not divide d_model * expand = ${inner} (heads = d_model * expand / head_dim)`,
      );
  },

  params(layer, arch) {
    const d = arch.d_model;
    const m = mamba2Dims(layer, d);
    const K = MAMBA2_CONV_WIDTH;
    return [
      ...linearSpecs("in_proj", m.width, d, false, INIT_STD),
      { name: "conv.w", shape: [m.convChannels, K], init: { kind: "normal", std: 1 / Math.sqrt(3 * K) } },
      { name: "conv.b", shape: [m.convChannels], init: { kind: "zeros" } },
      { name: "dt_bias", shape: [m.heads], init: { kind: "values", values: initialDtBias(m.heads) } },
      { name: "A_log", shape: [m.heads], init: { kind: "values", values: initialALog(m.heads) } },
      { name: "D", shape: [m.heads], init: { kind: "ones" } },
      { name: "out_norm.w", shape: [m.inner], init: { kind: "ones" } },
      ...linearSpecs("out_proj", d, m.inner, false, residualInitStd(arch)),
    ];
  },

  // dzxbcdt, dxbc, the conv's dpre, out_proj's dx, the gated norm's dy (the scan's dy), ddt.
  scratch(layer, arch) {
    const m = mamba2Dims(layer, arch.d_model);
    return [m.width, m.convChannels, m.convChannels, m.inner, m.inner, m.heads];
  },

  build(layer, ctx) {
    const { dev, B, T, M } = ctx;
    const m = mamba2Dims(layer, ctx.C);
    const H = m.heads;
    const zAt = { stride: m.width, offset: 0 };
    const xbcAt = { stride: m.width, offset: m.inner };
    const dtAt = { stride: m.width, offset: m.inner + m.convChannels };
    const conv: Conv1dShape = { B, T, C: m.convChannels, K: MAMBA2_CONV_WIDTH };
    const ssd: SsdShape = { B, T, H, P: layer.head_dim, N: layer.d_state, Q: layer.chunk };

    const zxbcdt = ctx.tensor(M * m.width);
    const convT = {
      x: zxbcdt,
      w: ctx.param("conv.w"),
      bias: ctx.param("conv.b"),
      y: ctx.tensor(M * m.convChannels),
    };
    const dtT = {
      raw: zxbcdt,
      bias: ctx.param("dt_bias"),
      Alog: ctx.param("A_log"),
      dt: ctx.tensor(M * H),
      A: ctx.tensor(H),
    };
    const ssdT = {
      xbc: convT.y,
      dt: dtT.dt,
      A: dtT.A,
      D: ctx.param("D"),
      y: ctx.tensor(M * m.inner),
      states: ctx.tensor(stateLength(ssd)),
    };
    const normT = {
      y: ssdT.y,
      z: zxbcdt,
      w: ctx.param("out_norm.w"),
      out: ctx.tensor(M * m.inner),
      rstd: ctx.tensor(M),
    };
    const norm = { M, C: m.inner };
    // The scan's scratch is the layer's own: its sizes follow T and chunk, not a width per position, and its
    // acs and CB carry the forward's values into the backward.
    const ssdScratch = allocateScratch(ctx.tensor, ssd);
    const dA = ctx.tensor(H);

    const [dzxbcdt, dxbc, dpre, dnorm, dy, ddt] = ctx.scratch;
    if (!dzxbcdt || !dxbc || !dpre || !dnorm || !dy || !ddt)
      throw new Error("mamba2: backward scratch missing");
    const convPartials = partialLengths(conv);
    const inProj = ctx.linear("in_proj");
    const outProj = ctx.linear("out_proj");

    const forward = [
      ...inProj.forward(ctx.input, zxbcdt),
      conv1dForward(dev, conv, xbcAt, convT),
      dtForward(dev, { rows: M, H }, dtAt, dtT),
      ...ssdForward(dev, ssd, ssdT, ssdScratch),
      gatedNormForward(dev, norm, zAt, normT),
      ...outProj.forward(normT.out, ctx.out, ctx.residual),
    ];
    const backward = [
      ...outProj.backward(normT.out, ctx.dOut, dnorm),
      ...gatedNormBackward(dev, norm, zAt, normT, {
        dout: dnorm,
        dy,
        dz: dzxbcdt,
        dw: ctx.grad("out_norm.w"),
        partialW: ctx.tensor(normPartialLength(norm)),
      }),
      ...ssdBackward(dev, ssd, ssdT, { dy, dxbc, ddt, dA, dD: ctx.grad("D") }, ssdScratch),
      ...dtBackward(dev, { rows: M, H }, dtAt, dtT, {
        ddt,
        dA,
        draw: dzxbcdt,
        dbias: ctx.grad("dt_bias"),
        dAlog: ctx.grad("A_log"),
        partial: ctx.tensor(dtPartialLength({ rows: M, H })),
      }),
      ...conv1dBackward(dev, conv, xbcAt, convT, {
        dy: dxbc,
        dx: dzxbcdt,
        dw: ctx.grad("conv.w"),
        dbias: ctx.grad("conv.b"),
        dpre,
        partialW: ctx.tensor(convPartials.w),
        partialBias: ctx.tensor(convPartials.bias),
      }),
      ...inProj.backward(ctx.input, dzxbcdt, ctx.dInput),
    ];
    return { forward, backward };
  },
};
