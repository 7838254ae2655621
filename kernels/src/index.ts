// Public API of the training engine (documented in kernels/README.md).
export {
  acquireDevice,
  describeAdapter,
  type EngineDevice,
  type AdapterDescription,
  type AdapterKind,
  type AcquireOptions,
} from "./runtime/device";
export { buildModel, type Network } from "./models/network";
export { SpecError } from "./models/spec-error";
export {
  train,
  planTraining,
  type TrainOptions,
  type TrainResult,
  type StepInfo,
  type CheckpointStore,
  type TrainPlan,
} from "./train/train";
export {
  evaluateCheckpoint,
  scoreChoices,
  type EvaluateOptions,
  type EvaluateResult,
  type Choice,
  type ChoiceItem,
  type ChoiceItemScore,
  type ScoreChoicesOptions,
  type ScoreChoicesResult,
  type TaskScore,
} from "./train/evaluate";
export { learningRate } from "./train/schedule";
export { type KernelTime } from "./runtime/profiler";
export { ENGINE_VERSION } from "@forge/spec";
