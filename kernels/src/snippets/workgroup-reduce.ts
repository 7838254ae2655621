// Workgroup tree reductions in workgroup memory: a fixed summation order, so results are deterministic
// (no float atomics). Every thread of the workgroup must call them (they hold barriers): call them
// before threads with nothing to do return.
export type ReduceOp = "sum" | "max";

const COMBINE: Record<ReduceOp, string> = {
  sum: "red[lid] += red[lid + stride];",
  max: "red[lid] = max(red[lid], red[lid + stride]);",
};

/**
 * `var<workgroup> red` and, per op, `fn workgroupSum(v: f32, lid: u32) -> f32` / `workgroupMax`: the
 * reduction of v over the workgroup's `size` threads (a power of two), returned to every thread.
 */
export function workgroupReduce(size: number, ops: ReduceOp[]): string {
  const fns = ops.map(
    (op) => /* wgsl */ `
fn workgroup${op === "sum" ? "Sum" : "Max"}(v: f32, lid: u32) -> f32 {
  red[lid] = v;
  workgroupBarrier();
  for (var stride = ${size / 2}u; stride > 0u; stride /= 2u) {
    if (lid < stride) { ${COMBINE[op]} }
    workgroupBarrier();
  }
  let total = red[0];
  workgroupBarrier();
  return total;
}`,
  );
  return `var<workgroup> red: array<f32, ${size}>;${fns.join("")}`;
}
