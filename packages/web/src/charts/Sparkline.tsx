// A trend in a card: the observed values as a line over equal steps, the target as a dashed level
// when it falls within sight, and the latest value as a dot. Plain SVG, so it prints and needs no
// inline styles (the page's CSP allows none).

import type { ReactNode } from 'react';

export interface SparkPoint {
  period: string;
  value: number;
}

const W = 120;
const H = 32;
const PAD = 3;

export function Sparkline({ points, target, label }: { points: readonly SparkPoint[]; target: number | null; label: string }): ReactNode {
  if (points.length === 0) return null;
  const values = points.map((p) => p.value);
  const withTarget = target !== null ? [...values, target] : values;
  let lo = Math.min(...withTarget);
  let hi = Math.max(...withTarget);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const x = (i: number): number => (points.length === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (points.length - 1));
  const y = (v: number): number => H - PAD - ((v - lo) * (H - 2 * PAD)) / (hi - lo);
  const last = points.length - 1;
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label} data-points={points.length}>
      {target !== null && <line className="spark-target" x1={0} x2={W} y1={y(target)} y2={y(target)} />}
      {points.length > 1 && <polyline className="spark-line" points={points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')} />}
      <circle className="spark-dot" cx={x(last)} cy={y(points[last]!.value)} r={2.5} />
    </svg>
  );
}
