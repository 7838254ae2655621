// Flash attention forward and backward at the 29.7M training shape (causal FLOPs counted: half of T²).
import { type BenchCase } from "../../runtime/bench";
import { type EngineDevice } from "../../runtime/device";
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

// --sweep: tile sizes tried against the default (which follows the workgroup-memory limit).
const TILE_SWEEP: AttentionTiles[] = [
  { rows: 128, keys: 32, kvRows: 64, qTile: 16 },
  { rows: 32, keys: 32, kvRows: 32, qTile: 16 },
  { rows: 64, keys: 16, kvRows: 32, qTile: 32 },
];

export function benchCases(dev: EngineDevice, full: boolean, sweep = false): BenchCase[] {
  const s: AttentionShape = full
    ? { B: 32, T: 512, Hq: 8, Hkv: 8, D: 64 }
    : { B: 1, T: 64, Hq: 2, Hkv: 1, D: 16 };
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
  const defaults = chooseTiles(s.D, dev.gpu.limits.maxComputeWorkgroupStorageSize);
  const variants: AttentionVariant[] = dev.hasSubgroups && s.D % 8 === 0 ? ["v1", "v2"] : ["v1"];
  const runs: Array<[AttentionVariant, AttentionTiles, string]> = variants.map((v) => [v, defaults, ""]);
  if (sweep)
    for (const v of variants)
      for (const t of TILE_SWEEP) runs.push([v, t, ` r${t.rows} k${t.keys} kv${t.kvRows} q${t.qTile}`]);
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
