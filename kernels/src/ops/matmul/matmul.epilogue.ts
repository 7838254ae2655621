// The epilogue every matmul kernel shares (v1, v2 and the split-K sum): out = product (+ bias[n])
// (+ C, accumulate) (+ R[m, n], residual). Bias and residual are bound after the kernel's own bindings,
// in that order.
import { type Tensor } from "../../runtime/buffers";
import { type MatmulArgs, type MatmulConfig } from "./matmul";

/** WGSL declarations of `bias` and `R` as arrays of `element`, from binding `first` on. */
export function epilogueBindings(cfg: MatmulConfig, first: number, element: string): string {
  return [
    cfg.bias ? `@group(0) @binding(${first}) var<storage, read> bias: array<${element}>;` : "",
    cfg.residual
      ? `@group(0) @binding(${cfg.bias ? first + 1 : first}) var<storage, read> R: array<${element}>;`
      : "",
  ].join("\n");
}

/** WGSL adding the epilogue terms to `value`: bias at index `biasAt`, C and R at index `at`. */
export function epilogueAdds(cfg: MatmulConfig, value: string, biasAt: string, at: string): string {
  return [
    cfg.bias ? `${value} += bias[${biasAt}];` : "",
    cfg.accumulate ? `${value} += C[${at}];` : "",
    cfg.residual ? `${value} += R[${at}];` : "",
  ].join("\n  ");
}

/** The tensors for epilogueBindings, in binding order. */
export function epilogueTensors(args: Pick<MatmulArgs, "biasT" | "residualT">): Tensor[] {
  return [args.biasT, args.residualT].filter((t): t is Tensor => t !== undefined);
}
