/** One figure of the benchmark: a value, optionally against a same-run baseline and a goal. */
export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  baseline?: number;
  baselineName?: string;
  /** Either a bound on the value or on value ÷ baseline. */
  goal?: { max?: number; ratio?: number };
  note?: string;
}

/** value ÷ baseline, when there is a baseline. */
export function ratio(f: Figure): number | undefined {
  return f.value !== null && f.baseline !== undefined && f.baseline > 0 ? f.value / f.baseline : undefined;
}

/** Whether the goal is met (undefined: no goal or not measured). */
export function met(f: Figure): boolean | undefined {
  if (!f.goal || f.value === null) return undefined;
  if (f.goal.max !== undefined) return f.value <= f.goal.max;
  const r = ratio(f);
  return f.goal.ratio !== undefined && r !== undefined ? r <= f.goal.ratio : undefined;
}

const fmt = (x: number | undefined | null) => (x === undefined || x === null ? '—' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

/** The figures as a Markdown table (figure, value, unit, baseline, ratio, goal, met?). */
export function formatTable(figs: Figure[]): string {
  const rows = [['figure', 'value', 'unit', 'baseline', 'ratio', 'goal', 'met?']];
  for (const f of figs) {
    const g = f.goal ? (f.goal.max !== undefined ? `≤ ${f.goal.max} ${f.unit}` : `≤ ${f.goal.ratio}× baseline`) : '';
    const m = met(f);
    rows.push([
      f.name + (f.note ? ` (${f.note})` : ''),
      f.value === null ? 'not measured' : fmt(f.value),
      f.unit,
      f.baseline === undefined ? '' : `${fmt(f.baseline)} (${f.baselineName ?? ''})`,
      ratio(f) === undefined ? '' : `${fmt(ratio(f))}×`,
      g,
      m === undefined ? '' : m ? 'yes' : 'NO',
    ]);
  }
  return rows.map((r, i) => `| ${r.join(' | ')} |` + (i === 0 ? '\n|' + r.map(() => '---').join('|') + '|' : '')).join('\n');
}

/** The JSON summary: {name, value, unit, baseline?, ratio?, goal?, met?, note?}. */
export function toJson(figs: Figure[]): object[] {
  return figs.map((f) => ({ name: f.name, value: f.value, unit: f.unit, baseline: f.baseline, ratio: ratio(f), goal: f.goal, met: met(f), note: f.note }));
}
