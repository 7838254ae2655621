// npm run bench:kernels: every op's bench cases on the best adapter, one table.
// Full (training-size) shapes on a GPU; tiny ones on lavapipe unless --full. --only=<op prefix> filters;
// --sweep adds the tuning variants (matmul v2 options, attention tiles); --robustness keeps Dawn's
// index clamping (the engine drops it; this measures what it costs).
// Every selected op's kernels are checked against the CPU reference (its checkBench) before anything is
// timed; a mismatch prints the op and shape and exits with status 1. The checks all run first so that
// the timings follow each other as before: a check's CPU reference leaves the GPU idle for up to a second,
// and a short kernel's warm-up then times a GPU that has not clocked up again.
import { acquireDevice } from "../src/runtime/device";
import { runBench, type BenchModule, type BenchResult } from "../src/runtime/bench";
import * as matmul from "../src/ops/matmul/matmul.bench";
import * as attention from "../src/ops/attention/attention.bench";
import * as norm from "../src/ops/norm/norm.bench";
import * as gelu from "../src/ops/gelu/gelu.bench";
import * as swiglu from "../src/ops/swiglu/swiglu.bench";
import * as crossentropy from "../src/ops/crossentropy/crossentropy.bench";
import * as embedding from "../src/ops/embedding/embedding.bench";
import * as adamw from "../src/ops/adamw/adamw.bench";
import * as colsum from "../src/ops/colsum/colsum.bench";

const dev = await acquireDevice({ robustness: process.argv.includes("--robustness") });
const full = dev.adapter.kind === "gpu" || process.argv.includes("--full");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const sweep = process.argv.includes("--sweep");
const reps = full ? 20 : 3;
console.log(
  `adapter: ${dev.adapter.kind} ${dev.adapter.vendor} ${dev.adapter.device} ${dev.adapter.description} (${full ? "full" : "tiny"} shapes)`,
);

const ops: BenchModule[] = [matmul, attention, norm, gelu, swiglu, crossentropy, embedding, adamw, colsum];
const selected = ops
  .map((op) => ({ op, cases: op.benchCases(dev, full, sweep).filter((c) => !only || c.op.startsWith(only)) }))
  .filter(({ cases }) => cases.length > 0);
for (const { op } of selected) {
  try {
    await op.checkBench(dev, full, sweep);
  } catch (error) {
    console.error(
      `bench check failed, nothing is timed: ${error instanceof Error ? error.message : String(error)}`,
    );
    dev.destroy();
    process.exit(1);
  }
}
const results: BenchResult[] = [];
for (const c of selected.flatMap(({ cases }) => cases)) {
  const r = await runBench(dev, c, reps);
  results.push(r);
  console.log(JSON.stringify(r));
}
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\n${pad("op", 40)}${pad("shape", 44)}${pad("ms", 10)}${pad("TFLOP/s", 10)}GB/s`);
for (const r of results) {
  console.log(
    `${pad(r.op, 40)}${pad(r.shape, 44)}${pad(r.ms.toFixed(3), 10)}${pad(r.tflops?.toFixed(2) ?? "", 10)}${r.gbps?.toFixed(0) ?? ""}`,
  );
}
dev.destroy();
