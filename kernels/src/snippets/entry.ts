// Entry points of kernels launched over a folded 1-D grid (runtime/dispatch.ts grid1d): one thread per
// element, or one workgroup per row. `lid`, `wg` and `nwg` are in scope in the body.
import { flatIndex } from "../runtime/dispatch";

const main = (workgroupSize: number) => /* wgsl */ `@compute @workgroup_size(${workgroupSize})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wg: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {`;

/**
 * A kernel of grid1d(count, workgroupSize): `index` names the thread's element, threads past `count`
 * return before `body`. `uniform` runs first on every thread (workgroup reductions, barriers).
 */
export function threadPerElement(
  workgroupSize: number,
  body: string,
  opts: { index?: string; count?: string; uniform?: string } = {},
): string {
  const { index = "i", count = "s.n", uniform = "" } = opts;
  return `${main(workgroupSize)}
  ${uniform}
  let ${index} = ${flatIndex(workgroupSize)};
  if (${index} >= ${count}) { return; }
  ${body}
}`;
}

/** A kernel of grid1d(rows · workgroupSize): workgroup `row` works on one row; workgroups past `count`
 * return (the whole workgroup, so `body` may hold barriers). */
export function workgroupPerRow(
  workgroupSize: number,
  body: string,
  opts: { row?: string; count?: string } = {},
): string {
  const { row = "row", count = "s.M" } = opts;
  return `${main(workgroupSize)}
  let ${row} = wg.y * nwg.x + wg.x;
  if (${row} >= ${count}) { return; }
  ${body}
}`;
}
