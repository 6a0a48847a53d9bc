/**
 * Writes the multi-unit samples in this folder (run: `npx tsx data/samples/make-unit-samples.ts`).
 *
 * MADE-UP FIGURES (虚构数据): a city with six county-level units — the city's directly run schools (市直属)
 * and five invented districts and counties — whose 2019 figures of schools, students and teachers are
 * the 2019 report's city totals (data/baseline-2019.json) split by fixed made-up shares, so that every
 * county's own totals add up, its student–teacher ratios follow from its own figures, and the six add up
 * to the city's published figures. The university and the open universities belong to 市直属, as in a
 * city's bulletin. Names and codes are invented (no real place is meant).
 *
 * Two files (and a CSV of the counties in the export's long layout):
 * - units-2019-six-counties.json: consistent; validates without errors.
 * - units-2019-six-counties-slip.json: the same with ONE planted slip — in 南湖县 the number of primary
 *   pupils has two adjacent digits swapped — which breaks 南湖县's own balance and ratio and the city's
 *   roll-up; the validator localises it to that county's figure and names the slip.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '../../src/core/data/catalog.ts';
import { BASELINE_2019_JSON } from '../../src/core/data/baseline.ts';
import { workbookFromJson, workbookToJson } from '../../src/core/io/workbook-json.ts';
import { workbookToCsv } from '../../src/core/io/csv.ts';
import { cellKey } from '../../src/core/model/value.ts';
import type { ReportingUnit } from '../../src/core/model/units.ts';
import type { Workbook } from '../../src/core/model/workbook.ts';
import { parseValue } from '../../src/core/parse/value.ts';
import { loadRuleFile } from '../../src/core/rules/load.ts';
import rulesJson from '../rules.json' with { type: 'json' };

const here = dirname(fileURLToPath(import.meta.url));
export const MADE_UP_SOURCE = '虚构数据：各县数字为编造，合计等于2019年全市数 / made-up county figures that add up to the 2019 city totals';
const PERIOD = '2019';

/** The six county-level units (invented names and codes) and each one's made-up share of the city. */
export const COUNTIES: (ReportingUnit & { share: number })[] = [
  { id: 'city-direct', name: { zh: '市直属学校', en: 'City-run schools' }, aliases: ['市直', '市直属'], code: '990100', share: 0.07 },
  { id: 'jiangbei', name: { zh: '江北区', en: 'Jiangbei District' }, aliases: ['江北'], code: '990102', share: 0.22 },
  { id: 'jiangnan', name: { zh: '江南区', en: 'Jiangnan District' }, aliases: ['江南'], code: '990103', share: 0.16 },
  { id: 'beishan', name: { zh: '北山县', en: 'Beishan County' }, aliases: ['北山'], code: '990121', share: 0.24 },
  { id: 'nanhu', name: { zh: '南湖县', en: 'Nanhu County' }, aliases: ['南湖'], code: '990122', share: 0.18 },
  { id: 'linhai', name: { zh: '临海市', en: 'Linhai City' }, aliases: ['临海'], code: '990181', share: 0.13 },
].map((u) => ({ ...u, parent: 'city', level: 'county', mode: 'reported' }) as ReportingUnit & { share: number });

/** Figures only the city's own schools have (a bulletin lists them under 市直). */
const CITY_RUN = /_(university|open_university)$/;

/** n split by shares, whole numbers that add up to n exactly (largest remainder). */
function split(n: number, shares: number[]): number[] {
  const raw = shares.map((s) => n * s);
  const out = raw.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i]++;
  return out;
}

/** The county figures: schools, students and teachers split, totals the sums of their parts, ratios computed. */
export function countyFigures(base: Workbook): Map<string, number[]> {
  const rules = loadRuleFile(rulesJson, CATALOG, 'data/rules.json');
  const partsOf = new Map<string, string[]>();
  for (const r of rules.rules) if (r.kind === 'balance') partsOf.set(r.total as string, r.parts as string[]);
  const shares = COUNTIES.map((c) => c.share);
  const out = new Map<string, number[]>();
  const figure = (id: string): number[] | null => {
    const hit = out.get(id);
    if (hit) return hit;
    const v = base.get(id, PERIOD);
    if (v.state !== 'value' || v.lo !== v.hi || !Number.isInteger(v.n)) return null;
    const parts = partsOf.get(id);
    let f: number[];
    if (parts) {
      const each = parts.map(figure);
      if (each.some((x) => !x)) throw new Error(`a part of ${id} cannot be split`);
      f = COUNTIES.map((_, c) => each.reduce((a, p) => a + p![c], 0));
      if (f.reduce((a, b) => a + b, 0) !== v.n) throw new Error(`${id}: the parts do not add up to the city figure`);
    } else if (CITY_RUN.test(id)) f = COUNTIES.map((c) => (c.id === 'city-direct' ? v.n! : 0));
    else f = split(v.n!, shares);
    out.set(id, f);
    return f;
  };
  for (const ind of CATALOG.indicators) if (ind.kind === 'count' && /^(schools|students|teachers)_/.test(ind.id)) figure(ind.id);
  return out;
}

/** The baseline with the six counties and their 2019 figures (and, with `slip`, the planted slip). */
export function unitSample(slip = false): { wb: Workbook; planted?: { key: string; was: string; typed: string } } {
  const wb = workbookFromJson(BASELINE_2019_JSON, CATALOG);
  for (const c of COUNTIES) {
    const { share: _share, ...unit } = c;
    wb.units.add(unit);
  }
  const figures = countyFigures(wb);
  const put = (id: string, unit: string, raw: string) => {
    const ind = wb.index.byId.get(id)!;
    const key = cellKey(id, PERIOD, unit);
    wb.apply([{ key, after: parseValue(raw, ind, wb.index.unitOf(ind)) }]);
    wb.meta.set(key, { source: MADE_UP_SOURCE });
  };
  for (const [id, f] of figures) COUNTIES.forEach((c, i) => put(id, c.id, String(f[i])));
  const rules = loadRuleFile(rulesJson, CATALOG, 'data/rules.json');
  for (const r of rules.rules) {
    if (r.kind !== 'ratio') continue;
    const [num, den] = [figures.get(r.numerator as string), figures.get(r.denominator as string)];
    if (!num || !den) continue;
    const decimals = wb.index.byId.get(r.ratio as string)!.decimals;
    COUNTIES.forEach((c, i) => {
      if (den[i] > 0) put(r.ratio as string, c.id, `1:${(num[i] / den[i]).toFixed(decimals)}`);
    });
  }
  if (!slip) return { wb };
  // the planted slip: 南湖县's primary pupils with the first two different adjacent digits swapped
  const key = cellKey('students_primary', PERIOD, 'nanhu');
  const was = wb.getByKey(key).raw;
  const d = [...was];
  const at = d.findIndex((ch, i) => i + 1 < d.length && ch !== d[i + 1]);
  [d[at], d[at + 1]] = [d[at + 1], d[at]];
  put('students_primary', 'nanhu', d.join(''));
  return { wb, planted: { key, was, typed: d.join('') } };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const clean = unitSample(false).wb;
  const { wb: slipped, planted } = unitSample(true);
  writeFileSync(join(here, 'units-2019-six-counties.json'), JSON.stringify(workbookToJson(clean), null, 2) + '\n');
  writeFileSync(join(here, 'units-2019-six-counties-slip.json'), JSON.stringify(workbookToJson(slipped), null, 2) + '\n');
  writeFileSync(join(here, 'units-2019-six-counties.csv'), workbookToCsv(clean, 'zh', undefined, undefined, { level: 'county' }));
  console.log(`wrote the samples; planted slip: ${planted!.key} ${planted!.was} → ${planted!.typed}`);
}
