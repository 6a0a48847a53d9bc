/**
 * A workbook 100× the report's size for the import and Chromium benchmarks: a school network's figures.
 * `n` generated count indicators spread over the report's sections, grouped by fives into a total and
 * four parts (one balance rule per group), with consistent values for every period.
 */
import { CATALOG } from '../src/core/data/catalog.ts';
import type { Catalog, Indicator } from '../src/core/model/catalog.ts';
import { cellKey } from '../src/core/model/value.ts';
import { Workbook } from '../src/core/model/workbook.ts';
import { parseValue } from '../src/core/parse/value.ts';
import type { Rule, RuleFile } from '../src/core/rules/types.ts';
import { rng } from './rng.ts';

const pad = (i: number) => String(i).padStart(6, '0');

/** The generated catalog: the report's units and sections, `n` indicators named 学校指标000001…. */
export function bigCatalog(n: number): Catalog {
  const sections = CATALOG.sections;
  const indicators: Indicator[] = [];
  for (let i = 0; i < n; i++) {
    const isTotal = i % 5 === 0;
    indicators.push({
      id: `g${pad(i)}`,
      label: { zh: `学校指标${pad(i)}`, en: `school figure ${pad(i)}` },
      section: sections[Math.floor((i / n) * sections.length)].id,
      parent: isTotal ? null : `g${pad(i - (i % 5))}`,
      order: i + 1,
      unit: 'person',
      kind: 'count',
      decimals: 0,
      aliases: [],
    });
  }
  // a parent must be in the same section: move a group's parts with their total
  for (let i = 0; i < n; i++) if (i % 5 !== 0) indicators[i].section = indicators[i - (i % 5)].section;
  return { ...CATALOG, version: `bench-${n}`, indicators };
}

/** One balance per group of five (total = four parts). */
export function bigRules(n: number): RuleFile {
  const rules: Rule[] = [];
  for (let g = 0; g + 4 < n; g += 5) {
    rules.push({ id: `b${pad(g)}`, kind: 'balance', severity: 'error', total: `g${pad(g)}`, parts: [1, 2, 3, 4].map((k) => `g${pad(g + k)}`) });
  }
  return { version: 'bench', rules };
}

/** Consistent figures: parts drawn at random, totals their sums. */
export function bigValues(n: number, periods: string[], seed = 11): { indicator: string; period: string; raw: string }[] {
  const r = rng(seed);
  const out: { indicator: string; period: string; raw: string }[] = [];
  for (const period of periods) {
    for (let g = 0; g < n; g += 5) {
      const parts = [1, 2, 3, 4].filter((k) => g + k < n).map(() => 100 + Math.floor(r() * 5000));
      out.push({ indicator: `g${pad(g)}`, period, raw: String(parts.reduce((a, b) => a + b, 0)) });
      parts.forEach((v, k) => out.push({ indicator: `g${pad(g + k + 1)}`, period, raw: String(v) }));
    }
  }
  return out;
}

/** The generated workbook with every value filled in. */
export function bigWorkbook(n: number, periods: string[]): Workbook {
  const catalog = bigCatalog(n);
  const wb = new Workbook(catalog, periods);
  const unit = wb.index.unitById.get('person')!;
  wb.apply(bigValues(n, periods).map((v) => ({ key: cellKey(v.indicator, v.period), after: parseValue(v.raw, { kind: 'count' }, unit) })));
  return wb;
}
