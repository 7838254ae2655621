export {
  type TTextChoiceItem,
  frequencyNeighbours,
  placeAnswer,
  rankByFrequency,
  seededRandom,
  shuffle,
  stringHash,
} from "./choice-item";
export { buildQuizCloze } from "./quiz-cloze";
export { WORDNET_PACKAGE, buildWordnetDefinitions, wordnetVersion } from "./wordnet-definitions";
