// The layer types the engine builds: a new type is its file in this folder plus one line here.
import { type TLayer, type TLayerType } from "@forge/spec";
import { SpecError } from "../spec-error";
import { type LayerType } from "./layer";
import { attention } from "./attention";
import { mlp } from "./mlp";
import { mamba2 } from "./mamba2";

type LayerOf<K extends TLayerType> = Extract<TLayer, { type: K }>;

const LAYER_TYPES: { [K in TLayerType]?: LayerType<LayerOf<K>> } = {
  attention,
  mlp,
  mamba2,
};

/** The layer type `type`, or a SpecError on `${at}.type` when the engine has none yet. */
export function layerType<K extends TLayerType>(type: K, at: string): LayerType<LayerOf<K>> {
  const found = LAYER_TYPES[type];
  if (!found) {
    const known = Object.keys(LAYER_TYPES);
    const list = known.length > 1 ? `${known.slice(0, -1).join(", ")} and ${known.at(-1)}` : known.join("");
    throw new SpecError(`${at}.type`, `${type} layers are not implemented by this engine yet (${list} are)`);
  }
  return found;
}
