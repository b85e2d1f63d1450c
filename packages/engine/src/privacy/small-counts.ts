// Small-count suppression of aggregates of personal data: a published table of counts per group may
// not let a reader single out a household. Groups below the threshold are withheld (primary
// suppression); when the total is published, enough further groups are withheld (secondary
// suppression) that no withheld group can be recovered by subtracting the shown ones from the total:
// at least two groups, together at least the threshold. The rule of national statistical offices'
// frequency tables (Hundepool et al., Statistical Disclosure Control, Wiley 2012: threshold rule and secondary suppression).

export interface GroupTotals<K> {
  key: K;
  count: number;
  /** Sums of numeric attributes over the group's records. */
  sums: Readonly<Record<string, number>>;
}

export type SuppressionReason = 'primary' | 'secondary';

export interface PublishedGroup<K> {
  key: K;
  /** Null when withheld. */
  count: number | null;
  sums: Record<string, number> | null;
  suppressed: SuppressionReason | null;
}

export interface PublishedTable<K> {
  groups: Array<PublishedGroup<K>>;
  /** Null when the whole table is below the threshold. */
  total: { count: number; sums: Record<string, number> } | null;
}

function addSums(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Sorted by count, then key, so which group is withheld second never depends on input order. */
function smallestFirst<K>(a: GroupTotals<K>, b: GroupTotals<K>): number {
  return a.count - b.count || String(a.key).localeCompare(String(b.key));
}

/**
 * Withholds groups of fewer than `threshold` records and the groups that would reveal them.
 * `threshold` 1 publishes everything. Groups keep their input order.
 */
export function suppressSmallCounts<K>(groups: ReadonlyArray<GroupTotals<K>>, threshold: number): PublishedTable<K> {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`threshold must be a positive integer, not ${threshold}`);
  const total = { count: 0, sums: {} as Record<string, number> };
  for (const g of groups) {
    total.count += g.count;
    addSums(total.sums, g.sums);
  }
  const reason = new Map<GroupTotals<K>, SuppressionReason>();
  if (total.count < threshold) {
    for (const g of groups) reason.set(g, g.count < threshold ? 'primary' : 'secondary');
  } else {
    let withheld = 0;
    for (const g of groups) {
      if (g.count < threshold) {
        reason.set(g, 'primary');
        withheld += g.count;
      }
    }
    if (reason.size > 0) {
      const rest = groups.filter((g) => !reason.has(g)).sort(smallestFirst);
      for (const g of rest) {
        if (reason.size >= 2 && withheld >= threshold) break;
        reason.set(g, 'secondary');
        withheld += g.count;
      }
    }
  }
  return {
    groups: groups.map((g) => {
      const r = reason.get(g);
      return r ? { key: g.key, count: null, sums: null, suppressed: r } : { key: g.key, count: g.count, sums: { ...g.sums }, suppressed: null };
    }),
    total: total.count < threshold ? null : total,
  };
}
