// Practice sets (SPEC 4.12): which problems, in which order, each generated
// from its own stream of the seed so that a set is the same on every machine
// and the first K problems of a longer set are the K of a shorter one.
import { mixSeed, Rng } from "./core/random.js";
import { problems } from "./problems/index.js";
import type { Practice, Problem } from "./problems/problem.js";

/** Seeds are whole numbers from 0 to this (32 bits). */
export const MAX_SEED = 4294967295;
/** A practice set holds at most this many problems. */
export const MAX_PRACTICE = 1000;

/** Draws of a place whose problem repeats an earlier one, before the repeat is kept. */
const REDRAWS = 50;

const keyOf = (problem: Problem, practice: Practice) => `${problem.name} ${JSON.stringify(practice.input)}`;

export interface PracticeItem {
  /** 1-based place in the set. */
  index: number;
  /** "p7-3": the seed and the place, so a student's answers can be matched to the problem. */
  id: string;
  problem: Problem;
  practice: Practice;
}

/**
 * `count` problems from `seed`: all of `only`, or a mix that takes every
 * problem once (in an order drawn from the seed) before any comes again.
 */
export function practiceSet(seed: number, count: number, only?: Problem): PracticeItem[] {
  const order: Problem[] = [];
  const shuffler = new Rng(mixSeed(seed, 0));
  while (!only && order.length < count) order.push(...shuffler.shuffle(problems));
  // no problem twice in a set: a repeat is drawn again from a further stream of its place (checked against the
  // places before it only, so the first K of a longer set stay the K of a shorter one)
  const seen = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const problem = only ?? (order[i] as Problem);
    let practice = problem.practice.generate(new Rng(mixSeed(seed, i + 1)));
    for (let again = 1; again <= REDRAWS && seen.has(keyOf(problem, practice)); again++) {
      practice = problem.practice.generate(new Rng(mixSeed(mixSeed(seed, i + 1), again)));
    }
    seen.add(keyOf(problem, practice));
    return { index: i + 1, id: `p${seed}-${i + 1}`, problem, practice };
  });
}
