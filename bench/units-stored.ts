/**
 * The reporting-unit workbook of issue 17 (a city, its counties, their schools × count indicators ×
 * years, bench/big.ts's catalog and balance rules) as the store receives it: the unit list and one
 * CellWrite per figure, every school consistent and every county and the city the sums of their units
 * (so opening it finds no error and localises nothing). Used by the Chromium open measurement
 * (bench/units-open.ts, bench/chromium/units-open.ts); no DOM, no Node.
 */
import { bigCatalog } from './big.ts';
import { rng } from './rng.ts';
import { ROOT_UNIT, type ReportingUnit } from '../src/core/model/units.ts';
import type { CellWrite } from '../src/storage/store.ts';

export interface UnitOpenSizes {
  counties: number;
  schoolsPerCounty: number;
  indicators: number;
  years: number;
}

export const UNITS_OPEN_FULL: UnitOpenSizes = { counties: 30, schoolsPerCounty: 99, indicators: 120, years: 5 };
export const UNITS_OPEN_QUICK: UnitOpenSizes = { counties: 3, schoolsPerCounty: 4, indicators: 20, years: 2 };

export interface StoredUnitWorkbook {
  units: ReportingUnit[];
  periods: string[];
  writes: CellWrite[];
}

export function unitStoredWorkbook(z: UnitOpenSizes): StoredUnitWorkbook {
  const periods = Array.from({ length: z.years }, (_, i) => String(2015 + i));
  const ids = bigCatalog(z.indicators).indicators.map((i) => i.id);
  const units: ReportingUnit[] = [ROOT_UNIT];
  const writes: CellWrite[] = [];
  const put = (i: number, p: number, unit: string | null, n: number) =>
    writes.push({ indicator: ids[i], period: unit === null ? periods[p] : `${periods[p]}#${unit}`, cell: { raw: String(n) } });
  const r = rng(17);
  const I = ids.length;
  const P = periods.length;
  const city = new Float64Array(I * P);
  for (let c = 0; c < z.counties; c++) {
    const county = `c${c}`;
    units.push({ id: county, name: { zh: `县${c}`, en: `County ${c}` }, parent: ROOT_UNIT.id, level: 'county', mode: 'reported' });
    const sum = new Float64Array(I * P);
    for (let s = 0; s < z.schoolsPerCounty; s++) {
      const school = `c${c}-s${s}`;
      units.push({ id: school, name: { zh: `县${c}第${s}校`, en: `County ${c} school ${s}` }, parent: county, level: 'school', mode: 'reported' });
      for (let p = 0; p < P; p++) {
        for (let g = 0; g < I; g += 5) {
          let total = 0;
          for (let k = 1; k < 5 && g + k < I; k++) {
            const v = 10 + Math.floor(r() * 500);
            total += v;
            sum[(g + k) * P + p] += v;
            put(g + k, p, school, v);
          }
          sum[g * P + p] += total;
          put(g, p, school, total);
        }
      }
    }
    for (let x = 0; x < I * P; x++) {
      city[x] += sum[x];
      put(Math.floor(x / P), x % P, county, sum[x]);
    }
  }
  for (let x = 0; x < I * P; x++) put(Math.floor(x / P), x % P, null, city[x]);
  return { units, periods, writes };
}
