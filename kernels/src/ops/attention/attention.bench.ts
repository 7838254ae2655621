// Flash attention forward and backward at the 29.7M training shape (causal FLOPs counted: half of T²).
// checkBench runs every timed variant and tile set at a small shape with the bench's head dim (the
// shader depends on D, the tiles and the variant only; the shape is uniforms), T off the tiles and
// grouped KV heads, against the CPU reference: the reference at the bench shape is O(B·H·T²·D) in JS.
import { releaseAll, type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
import { readTensor } from "../../runtime/buffers";
import { runDispatches } from "../../runtime/dispatch";
import { expectClose } from "../../runtime/compare";
import { Rng } from "../../runtime/random";
import {
  attentionForward,
  attentionBackward,
  chooseTiles,
  type AttentionShape,
  type AttentionTiles,
  type AttentionVariant,
} from "./attention";
import { rope } from "./rope";
import { attentionRef, attentionBackwardRef, ropeRef } from "./attention.ref";

// --sweep: tile sizes tried against the default (which follows the workgroup-memory limit).
const TILE_SWEEP: AttentionTiles[] = [
  { rows: 128, keys: 32, kvRows: 64, qTile: 16 },
  { rows: 32, keys: 32, kvRows: 32, qTile: 16 },
  { rows: 64, keys: 16, kvRows: 32, qTile: 32 },
];

const shapeFor = (full: boolean): AttentionShape =>
  full ? { B: 32, T: 512, Hq: 8, Hkv: 8, D: 64 } : { B: 1, T: 64, Hq: 2, Hkv: 1, D: 16 };

type Run = [AttentionVariant, AttentionTiles, string];

/** Every variant at the default tiles; --sweep adds each variant at each TILE_SWEEP tile set. */
function runsFor(dev: EngineDevice, D: number, sweep: boolean): Run[] {
  const defaults = chooseTiles(D, dev.gpu.limits.maxComputeWorkgroupStorageSize);
  const variants: AttentionVariant[] = dev.hasSubgroups && D % 8 === 0 ? ["v1", "v2"] : ["v1"];
  const runs = variants.map((v): Run => [v, defaults, ""]);
  if (sweep)
    for (const v of variants)
      for (const t of TILE_SWEEP) runs.push([v, t, ` r${t.rows} k${t.keys} kv${t.kvRows} q${t.qTile}`]);
  return runs;
}

export function benchCases(dev: EngineDevice, full: boolean, sweep = false): BenchCase[] {
  const s = shapeFor(full);
  const rng = new Rng(2);
  const W = (s.Hq + 2 * s.Hkv) * s.D;
  const qkv = dev.pool.upload(rng.uniformArray(s.B * s.T * W));
  const o = dev.pool.tensor(s.B * s.T * s.Hq * s.D);
  const dO = dev.pool.upload(rng.uniformArray(s.B * s.T * s.Hq * s.D));
  const lse = dev.pool.tensor(s.B * s.Hq * s.T);
  const delta = dev.pool.tensor(s.B * s.Hq * s.T);
  const dqkv = dev.pool.tensor(s.B * s.T * W);
  const shape = `B${s.B} T${s.T} H${s.Hq}/${s.Hkv} D${s.D}`;
  const causalPairs = s.B * s.Hq * ((s.T * (s.T + 1)) / 2);
  const runs = runsFor(dev, s.D, sweep);
  return [
    {
      op: "rope",
      shape,
      dispatches: [rope(dev, qkv, s, false)],
      bytes: 2 * 4 * s.B * s.T * (s.Hq + s.Hkv) * s.D,
    },
    ...runs.flatMap(([variant, t, tag]) => {
      const [dq, dkdv] = attentionBackward(dev, s, { qkv, o, dO, lse, delta, dqkv }, t, variant);
      return [
        {
          op: `attention.${variant}_fwd`,
          shape: shape + tag,
          dispatches: [attentionForward(dev, s, { qkv, o, lse }, t, variant)],
          flops: 4 * causalPairs * s.D,
        },
        {
          op: `attention.${variant}_dq`,
          shape: shape + tag,
          dispatches: dq ? [dq] : [],
          flops: 6 * causalPairs * s.D,
        },
        {
          op: `attention.${variant}_dkdv`,
          shape: shape + tag,
          dispatches: dkdv ? [dkdv] : [],
          flops: 8 * causalPairs * s.D,
        },
      ];
    }),
  ];
}

export async function checkBench(dev: EngineDevice, full: boolean, sweep = false): Promise<void> {
  const s: AttentionShape = { B: 2, T: 141, Hq: 4, Hkv: 2, D: shapeFor(full).D };
  const shape = `B${s.B} T${s.T} H${s.Hq}/${s.Hkv} D${s.D} (check shape)`;
  const rng = new Rng(12);
  const raw = rng.uniformArray(s.B * s.T * (s.Hq + 2 * s.Hkv) * s.D, -2, 2);
  const dO = rng.uniformArray(s.B * s.T * s.Hq * s.D);
  const t = {
    qkv: dev.pool.upload(raw),
    o: dev.pool.tensor(dO.length),
    dO: dev.pool.upload(dO),
    lse: dev.pool.tensor(s.B * s.Hq * s.T),
    delta: dev.pool.tensor(s.B * s.Hq * s.T),
    dqkv: dev.pool.tensor(raw.length),
  };
  await runDispatches(dev, [rope(dev, t.qkv, s, false)]);
  const roped = await readTensor(dev.gpu, t.qkv);
  // f32 angles t·θ carry ~T·1e-7 absolute error; the attention references start from the kernel's output.
  expectClose(roped, ropeRef(raw, s), { atol: 1e-4, rtol: 1e-4 }, `rope ${shape}`);
  const wantO = attentionRef(roped, s);
  const wantDqkv = attentionBackwardRef(roped, dO, s);
  for (const [variant, tiles, tag] of runsFor(dev, s.D, sweep)) {
    await runDispatches(dev, [
      attentionForward(dev, s, t, tiles, variant),
      ...attentionBackward(dev, s, t, tiles, variant),
    ]);
    const label = (pass: string) => `attention.${variant}_${pass} ${shape}${tag}`;
    expectClose(await readTensor(dev.gpu, t.o), wantO, { atol: 1e-5, rtol: 1e-4 }, label("fwd"));
    expectClose(await readTensor(dev.gpu, t.dqkv), wantDqkv, { atol: 1e-4, rtol: 1e-3 }, label("dq/dkdv"));
  }
  releaseAll(dev, Object.values(t));
}
