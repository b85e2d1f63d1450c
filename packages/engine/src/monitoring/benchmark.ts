// Peer benchmarking: units (wards, districts, whole workspaces) side by side on a set of indicators,
// ranked with each indicator's direction, and min-max normalised so a radar chart can average them
// by dimension. Ties are explicit: equal values share a rank, by the rule the caller names.

export type TieRule = 'min' | 'average' | 'dense';

export interface BenchmarkIndicator {
  readonly id: string;
  readonly direction: 1 | -1;
  /** Dimension or pillar for the radar (environment, economy, ...); 'other' when absent. */
  readonly dimension?: string;
}

export interface BenchmarkInput {
  readonly units: readonly string[];
  readonly indicators: readonly BenchmarkIndicator[];
  /** values[u][i]: unit u on indicator i; null (or NaN) when missing. */
  readonly values: ReadonlyArray<ReadonlyArray<number | null>>;
  /** 'min' (1, 2, 2, 4; the default), 'average' (1, 2.5, 2.5, 4) or 'dense' (1, 2, 2, 3). */
  readonly ties?: TieRule;
}

export interface BenchmarkUnit {
  readonly unit: string;
  readonly values: ReadonlyArray<number | null>;
  /** Rank per indicator, 1 = best in the indicator's direction; null when the value is missing. */
  readonly ranks: ReadonlyArray<number | null>;
  /** Direction-adjusted min-max to 0-100 (100 = best); null when missing or all units are equal. */
  readonly normalised: ReadonlyArray<number | null>;
  /** Mean of the non-null normalised values of each dimension; null when it has none. */
  readonly dimensions: Readonly<Record<string, number | null>>;
}

export interface BenchmarkResult {
  readonly ties: TieRule;
  readonly indicators: readonly BenchmarkIndicator[];
  readonly dimensions: readonly string[];
  readonly units: readonly BenchmarkUnit[];
}

const present = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** Ranks of the present values of one column (best first by direction); missing values get null. */
export function rankColumn(column: ReadonlyArray<number | null>, direction: 1 | -1, ties: TieRule = 'min'): Array<number | null> {
  const idx = column.map((v, i) => [v, i] as const).filter((e): e is readonly [number, number] => present(e[0]));
  idx.sort((a, b) => direction * (b[0] - a[0]));
  const out: Array<number | null> = column.map(() => null);
  let pos = 0;
  let dense = 0;
  while (pos < idx.length) {
    let end = pos;
    while (end + 1 < idx.length && idx[end + 1]![0] === idx[pos]![0]) end++;
    dense++;
    // Positions pos..end (0-based) hold one value: min takes pos+1, average the middle, dense the group count.
    const r = ties === 'min' ? pos + 1 : ties === 'average' ? (pos + 1 + end + 1) / 2 : dense;
    for (let k = pos; k <= end; k++) out[idx[k]![1]] = r;
    pos = end + 1;
  }
  return out;
}

export function benchmark(input: BenchmarkInput): BenchmarkResult {
  const ties = input.ties ?? 'min';
  const nI = input.indicators.length;
  const nU = input.units.length;
  const column = (i: number): Array<number | null> => input.values.map((row) => (present(row[i]) ? row[i]! : null));
  const cols = input.indicators.map((_, i) => column(i));
  const ranks: Array<Array<number | null>> = [];
  const norms: Array<Array<number | null>> = [];
  for (let i = 0; i < nI; i++) {
    const ind = input.indicators[i]!;
    const col = cols[i]!;
    ranks.push(rankColumn(col, ind.direction, ties));
    const vals = col.filter(present);
    const lo = vals.length ? Math.min(...vals) : Number.NaN;
    const hi = vals.length ? Math.max(...vals) : Number.NaN;
    norms.push(col.map((v) => {
      if (v === null || !(hi > lo)) return null;
      const x = (v - lo) / (hi - lo);
      return 100 * (ind.direction === 1 ? x : 1 - x);
    }));
  }
  const dimensions = [...new Set(input.indicators.map((d) => d.dimension ?? 'other'))];
  const units: BenchmarkUnit[] = [];
  for (let u = 0; u < nU; u++) {
    const dims: Record<string, number | null> = {};
    for (const dim of dimensions) {
      let sum = 0;
      let n = 0;
      input.indicators.forEach((ind, i) => {
        const v = norms[i]![u];
        if ((ind.dimension ?? 'other') === dim && v !== null && v !== undefined) {
          sum += v;
          n++;
        }
      });
      dims[dim] = n > 0 ? sum / n : null;
    }
    units.push({
      unit: input.units[u]!,
      values: cols.map((c) => c[u] ?? null),
      ranks: input.indicators.map((_, i) => ranks[i]![u] ?? null),
      normalised: input.indicators.map((_, i) => norms[i]![u] ?? null),
      dimensions: dims,
    });
  }
  return { ties, indicators: input.indicators, dimensions, units };
}
