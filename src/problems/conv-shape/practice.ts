import { lettered } from "../common.js";
import type { PracticeGenerator } from "../problem.js";

/** Layers a practice stack draws from: as --layers writes them, and as a statement words them (C: channels). */
const PRACTICE_LAYERS: ReadonlyArray<{ text: string; words: string; k: number; s: number; p: number }> = [
  { text: "conv k=3 p=1 c=C", words: "conv 3×3, C filters, stride 1, padding 1", k: 3, s: 1, p: 1 },
  { text: "conv k=5 p=2 c=C", words: "conv 5×5, C filters, stride 1, padding 2", k: 5, s: 1, p: 2 },
  { text: "conv k=3 c=C", words: "conv 3×3, C filters, stride 1, no padding", k: 3, s: 1, p: 0 },
  { text: "conv k=5 c=C", words: "conv 5×5, C filters, stride 1, no padding", k: 5, s: 1, p: 0 },
  { text: "conv k=3 s=2 p=1 c=C", words: "conv 3×3, C filters, stride 2, padding 1", k: 3, s: 2, p: 1 },
  { text: "conv k=1 c=C", words: "conv 1×1, C filters", k: 1, s: 1, p: 0 },
  { text: "pool k=2", words: "max-pool 2×2, stride 2", k: 2, s: 2, p: 0 },
];

/** Practice (SPEC 4.12): a short stack whose sizes divide exactly. */
export const practice: PracticeGenerator = {
  guarantee:
    "2 or 3 layers on a 28, 32 or 64 square input, each with n + 2p − k divisible by its stride: no rows or " +
    "columns dropped, every size whole",
  generate(rng) {
    const size = rng.pick([28, 32, 64]);
    const channels = rng.pick([1, 3]);
    const chosen: Array<{ text: string; words: string }> = [];
    let n = size;
    const count = rng.int(2, 3);
    while (chosen.length < count) {
      const layer = rng.pick(PRACTICE_LAYERS);
      const numerator = n + 2 * layer.p - layer.k;
      if (numerator < 0 || numerator % layer.s !== 0) continue;
      const c = String(rng.pick([8, 16, 32, 64]));
      chosen.push({ text: layer.text.replace("C", c), words: layer.words.replace("C", c) });
      n = numerator / layer.s + 1;
    }
    return {
      input: { size, channels, layers: chosen.map((l) => l.text).join("; ") },
      statement: [
        `An input of ${channels} × ${size} × ${size} (channels × height × width) goes through, in order: ` +
          `${chosen.map((l) => l.words).join("; ")}. Every convolution has a bias.`,
        ...lettered([
          "Give the output shape after each layer.",
          "Count the parameters of each layer and in total.",
          "Give the receptive field of one unit of the last layer on the input.",
        ]),
      ],
    };
  },
};
