// A radar of units (or workspaces) by dimension: each axis a dimension, 0 at the centre and 100 (the
// best of those compared) at the rim, one outlined polygon per unit in a palette colour, with the
// values as the polygons' titles for a pointer and a table beside it for everyone else.

import type { ReactNode } from 'react';
import { CATEGORY_COLOURS } from '../map/thematic.ts';

export interface RadarSeries {
  label: string;
  /** One value per axis, 0–100, null where the unit has no value in that dimension. */
  values: ReadonlyArray<number | null>;
}

const SIZE = 300;
const R = 105;
const C = SIZE / 2;

export const seriesColour = (i: number): string => CATEGORY_COLOURS[i % CATEGORY_COLOURS.length] as string;

function point(axis: number, axes: number, value: number): [number, number] {
  const a = -Math.PI / 2 + (2 * Math.PI * axis) / axes;
  return [C + Math.cos(a) * R * (value / 100), C + Math.sin(a) * R * (value / 100)];
}

export function Radar({ axes, series, label }: { axes: readonly string[]; series: readonly RadarSeries[]; label: string }): ReactNode {
  const n = axes.length;
  if (n < 3) return null;
  return (
    <svg className="radar" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={label}>
      {[25, 50, 75, 100].map((ring) => (
        <polygon key={ring} className="radar-ring" points={axes.map((_, i) => point(i, n, ring).join(',')).join(' ')} />
      ))}
      {axes.map((a, i) => {
        const [x, y] = point(i, n, 100);
        const [lx, ly] = point(i, n, 118);
        const anchor = Math.abs(lx - C) < 8 ? 'middle' : lx < C ? 'end' : 'start';
        return (
          <g key={a}>
            <line className="radar-axis" x1={C} y1={C} x2={x} y2={y} />
            <text className="radar-label" x={lx} y={ly} textAnchor={anchor} dominantBaseline="middle">{a}</text>
          </g>
        );
      })}
      {series.map((s, k) => (
        <polygon key={s.label} className="radar-series" data-series={s.label} stroke={seriesColour(k)} fill={seriesColour(k)}
          points={s.values.map((v, i) => point(i, n, v ?? 0).map((c) => c.toFixed(1)).join(',')).join(' ')}>
          <title>{`${s.label}: ${s.values.map((v, i) => `${axes[i]} ${v === null ? '–' : v.toFixed(0)}`).join(', ')}`}</title>
        </polygon>
      ))}
    </svg>
  );
}
