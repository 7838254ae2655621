// Learning rate at optimizer step `step` (0-based): linear warmup over `warmup` steps, then cosine or
// linear decay to lr·min_lr_ratio at the last step, or constant.
import { type TRecipe } from "@forge/spec";

export function learningRate(
  recipe: Pick<TRecipe, "optimizer" | "schedule">,
  step: number,
  totalSteps: number,
): number {
  const { lr } = recipe.optimizer;
  const { warmup, decay, min_lr_ratio: minRatio } = recipe.schedule;
  if (step < warmup) return (lr * (step + 1)) / warmup;
  const span = Math.max(1, totalSteps - 1 - warmup);
  const progress = Math.min(1, (step - warmup) / span);
  if (decay === "constant") return lr;
  const shape = decay === "cosine" ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
  return lr * (minRatio + (1 - minRatio) * shape);
}
