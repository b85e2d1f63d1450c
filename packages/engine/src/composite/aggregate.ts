// Aggregation up the tree, level by level, over typed arrays so Monte Carlo can re-run it cheaply.
// Missing children are skipped and the weights of the present ones renormalised (COINr a_amean with NAs).

import { DothiError } from '../errors.ts';
import type { IndexFramework } from './model.ts';
import type { AggregateMethod } from './spec.ts';

export const AGG_CODE: Record<AggregateMethod, number> = { arithmetic: 0, geometric: 1, harmonic: 2 };

/** The tree compiled to index arrays. Slots 0..nInd−1 are indicators, nInd.. are aggregates (framework order). */
export interface CompiledTree {
  nInd: number;
  nAgg: number;
  childStart: Int32Array;
  childSlot: Int32Array;
  levelOf: Int32Array;
}

export function compileTree(fw: IndexFramework): CompiledTree {
  const nInd = fw.indicators.length;
  const slotOf = new Map<string, number>();
  fw.indicators.forEach((i, k) => slotOf.set(i.code, k));
  fw.aggregates.forEach((a, k) => slotOf.set(a.code, nInd + k));
  const childStart = new Int32Array(fw.aggregates.length + 1);
  const kids: number[] = [];
  fw.aggregates.forEach((a, k) => {
    childStart[k] = kids.length;
    if (a.level === 2) fw.indicators.forEach((i, j) => i.parent === a.code && kids.push(j));
    else fw.aggregates.forEach((b) => b.parent === a.code && kids.push(slotOf.get(b.code) ?? -1));
  });
  childStart[fw.aggregates.length] = kids.length;
  return { nInd, nAgg: fw.aggregates.length, childStart, childSlot: Int32Array.from(kids), levelOf: Int32Array.from(fw.aggregates, (a) => a.level) };
}

/**
 * Aggregates every unit. `ind[j]` is indicator j's normalised column; `weights` has one entry per slot;
 * `methods[k]` is AGG_CODE of aggregate k. Writes aggregate k of unit u to out[k·nUnits + u].
 */
export function aggregateTree(tree: CompiledTree, ind: ArrayLike<number>[], weights: ArrayLike<number>, methods: ArrayLike<number>, nUnits: number, out: Float64Array): Float64Array {
  const { nInd, nAgg, childStart, childSlot } = tree;
  for (let k = 0; k < nAgg; k++) {
    const m = methods[k] as number;
    const a = childStart[k] as number;
    const b = childStart[k + 1] as number;
    for (let u = 0; u < nUnits; u++) {
      let sw = 0;
      let acc = 0;
      for (let c = a; c < b; c++) {
        const slot = childSlot[c] as number;
        const x = slot < nInd ? ((ind[slot] as ArrayLike<number>)[u] as number) : (out[(slot - nInd) * nUnits + u] as number);
        if (Number.isNaN(x)) continue;
        const w = weights[slot] as number;
        sw += w;
        if (m === 0) acc += w * x;
        else {
          if (!(x > 0)) throw new DothiError('DOTHI_INDEX_METHOD_INVALID', { method: m === 1 ? 'geometric' : 'harmonic', detail: 'needs positive values: normalise to a range above 0, e.g. [1, 100]' });
          acc += m === 1 ? w * Math.log(x) : w / x;
        }
      }
      out[k * nUnits + u] = sw === 0 ? NaN : m === 0 ? acc / sw : m === 1 ? Math.exp(acc / sw) : sw / acc;
    }
  }
  return out;
}

/** Per-aggregate method codes from a default and per-level overrides. */
export function methodCodes(fw: IndexFramework, method: AggregateMethod, byLevel: Record<string, AggregateMethod>): Uint8Array {
  return Uint8Array.from(fw.aggregates, (a) => AGG_CODE[byLevel[String(a.level)] ?? method]);
}
