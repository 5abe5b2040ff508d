import type { DimensionResult, Layer, LayerResult } from "../../core/conv.js";
import * as sc from "../../core/scalar.js";
import type { Formula } from "../../solution/formula.js";
import * as F from "../../solution/formula.js";
import type { Step } from "../../solution/solution.js";
import { floorOf, ix, strideQuotient } from "../common.js";
import type { ConvInput, Pair } from "./input.js";

/** Past this many layers, each gets a row of the table but no step of its own. */
export const MAX_LAYER_STEPS = 12;

export const n = F.sym("n");

export const k = F.sym("k");

export const s = F.sym("s");

const p = F.sym("p");

export const d = F.sym("d");

export const r = F.sym("r");

const j = F.sym("j");

const floor = floorOf;

const outFormula = F.eq(
  F.sym("out"),
  F.plus(
    floor(F.fracF(F.minus(F.minus(F.plus(n, F.juxt(F.num(2), p)), F.juxt(d, F.minus(k, F.num(1)))), F.num(1)), s)),
    F.num(1),
  ),
);

const PARAMS = F.sym("params", "\\text{params}");
const MACS = F.sym("MACs", "\\text{MACs}");
/** A count as a formula's number. */
const num = (v: number | bigint) => F.num(sc.frac(v));

export function formulaStep(): Step {
  const cin = ix(F.sym("C"), F.sym("in"));
  const cout = ix(F.sym("C"), F.sym("out"));
  const g = F.sym("g");
  return {
    title: "The formulas",
    derivation: [
      { formula: outFormula, reason: "per dimension: n in, kernel k, stride s, padding p (each side), dilation d" },
      {
        formula: F.eq(
          PARAMS,
          F.juxt(
            F.plus(F.fracF(F.juxt(ix(k, F.sym("h")), ix(k, F.sym("w")), cin), g), F.sym("bias", "\\text{bias}")),
            cout,
          ),
        ),
        reason: "a convolution; pooling has none",
      },
      {
        formula: F.eq(
          MACS,
          F.juxt(
            ix(k, F.sym("h")),
            ix(k, F.sym("w")),
            F.fracF(cin, g),
            cout,
            ix(F.sym("H"), F.sym("out")),
            ix(F.sym("W"), F.sym("out")),
          ),
        ),
        reason: "multiply-accumulates of a convolution (pooling counts 0)",
      },
      {
        formula: F.eq(r, F.plus(r, F.juxt(F.minus(k, F.num(1)), d, j))),
        reason: "receptive field, from r = 1 at the input",
      },
      { formula: F.eq(j, F.juxt(j, s)), reason: "jump: input pixels between neighbouring outputs, from j = 1" },
    ],
  };
}

const dims = (pairv: Pair | readonly [bigint, bigint]) =>
  pairv[0] === pairv[1] ? String(pairv[0]) : `${pairv[0]}×${pairv[1]}`;

function layerName(l: Layer): string {
  const parts = [`${l.type} ${dims(l.kernel)}`];
  if (l.stride[0] !== 1 || l.stride[1] !== 1) parts.push(`stride ${dims(l.stride)}`);
  if (l.padding[0] !== 0 || l.padding[1] !== 0) parts.push(`padding ${dims(l.padding)}`);
  if (l.dilation[0] !== 1 || l.dilation[1] !== 1) parts.push(`dilation ${dims(l.dilation)}`);
  if (l.type === "conv") {
    if (l.groups !== 1) parts.push(`${l.groups} groups`);
    parts.push(`${l.out ?? "its input's"} channels${l.bias ? "" : ", no bias"}`);
  }
  return parts.join(", ");
}

/** A layer as --layers spells it, for the table: conv k=3 s=2 p=1 c=8 (the defaults left out). */
function shortName(l: Layer): string {
  const parts = [l.type, `k=${dims(l.kernel)}`];
  if (l.stride[0] !== 1 || l.stride[1] !== 1) parts.push(`s=${dims(l.stride)}`);
  if (l.padding[0] !== 0 || l.padding[1] !== 0) parts.push(`p=${dims(l.padding)}`);
  if (l.dilation[0] !== 1 || l.dilation[1] !== 1) parts.push(`d=${dims(l.dilation)}`);
  if (l.type === "conv") {
    if (l.groups !== 1) parts.push(`g=${l.groups}`);
    if (l.out !== undefined) parts.push(`c=${l.out}`);
    if (!l.bias) parts.push("no bias");
  }
  return parts.join(" ");
}

/** What the last `dropped` rows (or columns) of the padded input are: padding, input, or both. */
function uncovered(dropped: number, what: string, pad: number): string {
  const n = (k: number, kind: string) => `${k} ${kind}${k > 1 ? "s" : ""}`;
  if (dropped <= pad)
    return `the last ${n(dropped, `padding ${what}`)}, which no window reaches; every input ${what} is covered`;
  const lost = dropped - pad;
  return (
    `the last ${n(lost, `input ${what}`)}${pad > 0 ? ` (and the ${n(pad, `padding ${what}`)} after)` : ""} ` +
    `${lost > 1 ? "are" : "is"} not covered by any window`
  );
}

/** One dimension's output size with the numbers in, and a note when the last window drops rows or columns. */
function sizeSubstitution(l: Layer, dim: DimensionResult, a: 0 | 1): Formula[] {
  const inner = F.minus(
    F.minus(
      F.plus(num(dim.input), F.juxt(F.num(2), num(l.padding[a]))),
      F.juxt(num(l.dilation[a]), F.minus(num(l.kernel[a]), F.num(1))),
    ),
    F.num(1),
  );
  const s = l.stride[a];
  // no /1 for stride 1, and no floor where the stride divides
  if (s === 1) return [F.plus(F.paren(inner), F.num(1)), F.plus(num(dim.numerator), F.num(1))];
  const divides = dim.numerator >= 0 && dim.numerator % s === 0;
  return [
    F.plus(strideQuotient(inner, s, divides), F.num(1)),
    F.plus(strideQuotient(num(dim.numerator), s, divides), F.num(1)),
  ];
}

export function layerStep(r: LayerResult, i: number): Step {
  const l = r.layer;
  const [hd, wd] = r.dims;
  const same =
    hd.input === wd.input &&
    l.kernel[0] === l.kernel[1] &&
    l.stride[0] === l.stride[1] &&
    l.padding[0] === l.padding[1] &&
    l.dilation[0] === l.dilation[1];
  const notes: Array<string | Formula> = [];
  const dropNote = (dim: DimensionResult, what: string, pad: number) => {
    if (dim.dropped > 0)
      notes.push(`${dim.numerator} is not a multiple of the stride: ${uncovered(dim.dropped, what, pad)}`);
  };
  dropNote(hd, "row", l.padding[0]);
  if (!same) dropNote(wd, "column", l.padding[1]);
  if (l.type === "conv") {
    const g = l.groups;
    const [kh, kw, cin, cout] = [num(l.kernel[0]), num(l.kernel[1]), num(r.inChannels), num(r.channels)];
    const weights = g > 1 ? F.fracF(F.times(kh, kw, cin), num(g)) : F.times(kh, kw, cin);
    notes.push(F.eq(PARAMS, F.times(F.paren(l.bias ? F.plus(weights, F.num(1)) : weights), cout), num(r.params)));
    notes.push(F.eq(MACS, F.times(kh, kw, num(r.inChannels / g), cout, num(hd.output), num(wd.output)), num(r.macs)));
  } else {
    const kept = r.channels === 1 ? "one channel" : `${r.channels} channels`;
    notes.push(`a ${l.type} layer has no parameters and keeps the ${kept}`);
  }
  notes.push(`receptive field ${dims([hd.receptiveField, wd.receptiveField])}, jump ${dims([hd.jump, wd.jump])}`);
  return {
    title: `Layer ${i + 1}: ${layerName(l)}`,
    formula: outFormula,
    substitution: sizeSubstitution(l, hd, 0),
    value: sc.frac(hd.output),
    notes: same
      ? [`the same for the width: ${r.channels} × ${hd.output} × ${wd.output}`, ...notes]
      : [
          `width: ⌊${wd.numerator}/${l.stride[1]}⌋ + 1 = ${wd.output}; ` +
            `the output is ${r.channels} × ${hd.output} × ${wd.output}`,
          ...notes,
        ],
  };
}

export function tableStep(input: ConvInput, results: LayerResult[]): Step {
  const frac = (v: number | bigint) => sc.frac(v);
  return {
    title: "Every layer",
    answerFields: ["layers"],
    tables: [
      {
        columns: [
          { header: "layer", cells: ["input", ...results.map((r, i) => `${i + 1}. ${shortName(r.layer)}`)] },
          {
            header: "C × H × W",
            cells: [
              `${input.channels} × ${input.size[0]} × ${input.size[1]}`,
              ...results.map((r) => `${r.channels} × ${r.dims[0].output} × ${r.dims[1].output}`),
            ],
          },
          { header: "params", cells: [null, ...results.map((r) => frac(r.params))] },
          { header: "MACs", cells: [null, ...results.map((r) => frac(r.macs))] },
          {
            header: "receptive field",
            cells: ["1", ...results.map((r) => dims([r.dims[0].receptiveField, r.dims[1].receptiveField]))],
          },
          { header: "jump", cells: ["1", ...results.map((r) => dims([r.dims[0].jump, r.dims[1].jump]))] },
        ],
      },
    ],
  };
}
