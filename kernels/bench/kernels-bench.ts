// npm run bench:kernels: every op's bench cases on the best adapter, one table.
// Full (training-size) shapes on a GPU; tiny ones on lavapipe unless --full. --only=<op prefix> filters;
// --sweep adds the tuning variants (matmul v2 options, attention tiles); --robustness keeps Dawn's
// index clamping (the engine drops it; this measures what it costs).
import { acquireDevice, type EngineDevice } from "../src/runtime/device";
import { runBench, type BenchCase, type BenchResult } from "../src/runtime/bench";
import { benchCases as matmul } from "../src/ops/matmul/matmul.bench";
import { benchCases as attention } from "../src/ops/attention/attention.bench";
import { benchCases as norm } from "../src/ops/norm/norm.bench";
import { benchCases as gelu } from "../src/ops/gelu/gelu.bench";
import { benchCases as swiglu } from "../src/ops/swiglu/swiglu.bench";
import { benchCases as crossentropy } from "../src/ops/crossentropy/crossentropy.bench";
import { benchCases as embedding } from "../src/ops/embedding/embedding.bench";
import { benchCases as adamw } from "../src/ops/adamw/adamw.bench";
import { benchCases as colsum } from "../src/ops/colsum/colsum.bench";

const dev = await acquireDevice({ robustness: process.argv.includes("--robustness") });
const full = dev.adapter.kind === "gpu" || process.argv.includes("--full");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const sweep = process.argv.includes("--sweep");
const reps = full ? 20 : 3;
console.log(
  `adapter: ${dev.adapter.kind} ${dev.adapter.vendor} ${dev.adapter.device} ${dev.adapter.description} (${full ? "full" : "tiny"} shapes)`,
);

const results: BenchResult[] = [];
type MakeCases = (dev: EngineDevice, full: boolean, sweep: boolean) => BenchCase[];
const ops: MakeCases[] = [matmul, attention, norm, gelu, swiglu, crossentropy, embedding, adamw, colsum];
for (const make of ops) {
  const cases: BenchCase[] = make(dev, full, sweep).filter((c) => !only || c.op.startsWith(only));
  for (const c of cases) {
    const r = await runBench(dev, c, reps);
    results.push(r);
    console.log(JSON.stringify(r));
  }
}
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\n${pad("op", 40)}${pad("shape", 44)}${pad("ms", 10)}${pad("TFLOP/s", 10)}GB/s`);
for (const r of results) {
  console.log(
    `${pad(r.op, 40)}${pad(r.shape, 44)}${pad(r.ms.toFixed(3), 10)}${pad(r.tflops?.toFixed(2) ?? "", 10)}${r.gbps?.toFixed(0) ?? ""}`,
  );
}
dev.destroy();
