import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatPublished } from './figure.ts';

/**
 * The side panel's chart of one indicator over the years (one line per reporting unit when there are
 * several), drawn with uPlot (canvas, ~24 kB gzip; see the README's comparison). This module is loaded
 * on demand by the side panel (dynamic import), so uPlot stays out of the initial bundle.
 */

export interface ChartSeries {
  label: string;
  /** One value per year; null where the year has no figure (a gap in the line). */
  values: (number | null)[];
}

export interface ChartSpec {
  years: number[];
  series: ChartSeries[];
  /** The indicator's published decimals: axis ticks and the legend are written with them. */
  decimals: number;
  lang: 'zh' | 'en';
  width: number;
  height: number;
}

const COLOURS = ['#1f5fbf', '#c2410c', '#2e7d32', '#7b1fa2', '#00838f', '#ad1457', '#5d4037', '#455a64', '#9e9d24', '#283593'];
const DASHES: (number[] | undefined)[] = [undefined, [6, 3], [2, 3], [8, 3, 2, 3]];


/** Draws (or redraws) the chart into `host`; returns the uPlot instance (its `data` is what was drawn). */
export function drawChart(host: HTMLElement, spec: ChartSpec, previous?: uPlot | null): uPlot {
  const data = [spec.years, ...spec.series.map((s) => s.values)] as uPlot.AlignedData;
  // same shape: new data into the same canvas (faster than a new chart on every focus change)
  if (previous && previous.series.length === spec.series.length + 1 && previous.root.isConnected) {
    spec.series.forEach((s, i) => (previous.series[i + 1].label = s.label));
    previous.setData(data);
    return previous;
  }
  previous?.destroy();
  const fmt = (v: number | null) => (v == null ? '—' : formatPublished(v, spec.decimals, spec.lang));
  return new uPlot(
    {
      width: spec.width,
      height: spec.height,
      scales: { x: { time: false } },
      legend: { show: spec.series.length > 1 },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: spec.lang === 'zh' ? '年份' : 'Year', value: (_u, v) => (v == null ? '' : String(v)) },
        ...spec.series.map((s, i) => ({
          label: s.label,
          stroke: COLOURS[i % COLOURS.length],
          dash: DASHES[Math.floor(i / COLOURS.length) % DASHES.length] ?? (i ? DASHES[i % DASHES.length] : undefined),
          width: i === 0 ? 2 : 1.5,
          points: { show: true, size: 6 },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => fmt(v),
        })),
      ],
      axes: [
        { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')), incrs: [1, 2, 5, 10, 20, 50] },
        { values: (_u, ticks) => ticks.map((t) => fmt(t)), size: 64 },
      ],
    },
    data,
    host,
  );
}
