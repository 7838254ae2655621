// Fused softmax cross-entropy over logits[M, V] with integer targets, forward and backward in one pass
// per row (llm.c's fused_classifier): loss[m] = logsumexp(row) − row[target], and, in training, the row
// is overwritten by its gradient (softmax − onehot)/M, so the [M, V] probabilities never exist apart.
// A second kernel averages the M losses in a fixed order (deterministic).
import { makeDispatch, grid1d, type Dispatch } from "../../runtime/dispatch";
import { uniforms, type Tensor } from "../../runtime/buffers";
import { type EngineDevice } from "../../runtime/device";
import { workgroupReduce } from "../../snippets/workgroup-reduce";
import { workgroupPerRow } from "../../snippets/entry";

const WG = 256;

export function validate(logits: Tensor, targets: Tensor, losses: Tensor, M: number, V: number): void {
  if (logits.length < M * V) throw new Error(`crossentropy: logits hold ${logits.length} < M*V=${M * V}`);
  if (targets.length < M || losses.length < M)
    throw new Error(`crossentropy: targets/losses hold fewer than M=${M}`);
}

export function shaderKey(pass: "row" | "mean", writeGrad: boolean): string {
  return `crossentropy:${pass}:grad=${+writeGrad}`;
}

export function buildShader(pass: "row" | "mean", writeGrad: boolean): string {
  if (pass === "mean") {
    return /* wgsl */ `
struct Shape { M: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read> LOSSES: array<f32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<f32>;
${workgroupReduce(WG, ["sum"])}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32) {
  var sum = 0.0;
  for (var m = lid; m < s.M; m += ${WG}u) { sum += LOSSES[m]; }
  let total = workgroupSum(sum, lid);
  if (lid == 0u) { OUT[0] = total / f32(s.M); }
}`;
  }
  return /* wgsl */ `
struct Shape { M: u32, V: u32 }
@group(0) @binding(0) var<uniform> s: Shape;
@group(0) @binding(1) var<storage, read_write> LOGITS: array<f32>;
@group(0) @binding(2) var<storage, read> TARGETS: array<u32>;
@group(0) @binding(3) var<storage, read_write> LOSSES: array<f32>;
${workgroupReduce(WG, ["sum", "max"])}
${workgroupPerRow(
  WG,
  `let base = row * s.V;
  var localMax = -3.4e38;
  for (var v = lid; v < s.V; v += ${WG}u) { localMax = max(localMax, LOGITS[base + v]); }
  let rowMax = workgroupMax(localMax, lid);
  var localSum = 0.0;
  for (var v = lid; v < s.V; v += ${WG}u) { localSum += exp(LOGITS[base + v] - rowMax); }
  let lse = rowMax + log(workgroupSum(localSum, lid));
  let label = TARGETS[row];
  if (lid == 0u) { LOSSES[row] = lse - LOGITS[base + label]; }
  ${
    writeGrad
      ? `workgroupBarrier();  // everyone has read LOGITS[label] before it is overwritten
  let scale = 1.0 / f32(s.M);
  for (var v = lid; v < s.V; v += ${WG}u) {
    let p = exp(LOGITS[base + v] - lse);
    LOGITS[base + v] = (p - select(0.0, 1.0, v == label)) * scale;
  }`
      : ""
  }`,
)}`;
}

/** Per-row losses, the mean into meanOut[0], and (writeGrad) dlogits of the mean loss in place. */
export function crossEntropy(
  dev: EngineDevice,
  a: {
    logits: Tensor;
    targets: Tensor;
    losses: Tensor;
    meanOut: Tensor;
    M: number;
    V: number;
    writeGrad: boolean;
  },
): Dispatch[] {
  validate(a.logits, a.targets, a.losses, a.M, a.V);
  const row = dev.pipelines.get(shaderKey("row", a.writeGrad), () => buildShader("row", a.writeGrad));
  const mean = dev.pipelines.get(shaderKey("mean", false), () => buildShader("mean", false));
  return [
    makeDispatch(
      dev,
      "crossentropy",
      row,
      [uniforms(dev.gpu, [a.M, a.V]), a.logits, a.targets, a.losses],
      grid1d(a.M * WG, WG),
    ),
    makeDispatch(dev, "crossentropy_mean", mean, [uniforms(dev.gpu, [a.M]), a.losses, a.meanOut], [1, 1, 1]),
  ];
}
