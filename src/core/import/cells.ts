import { format, hasMessage } from '../i18n/format.ts';
import type { Catalog, Indicator, Unit } from '../model/catalog.ts';
import { CatalogIndex } from '../model/catalog.ts';
import { cellKey, CITY, type CellValue } from '../model/value.ts';
import type { ValueMeta } from '../model/workbook.ts';
import { parseValue } from '../parse/value.ts';
import { issue, type ImportIssue, type Place } from './issues.ts';
import type { FigureRecord } from './layout.ts';
import type { Mapping } from './match.ts';

const PLAIN_NUMBER = /^[+-]?[\d０-９][\d０-９,，.．]*$/;
/** Unit words that scale a figure (a "万元" unit column over an 亿元 indicator means ÷ 10⁴). */
const SCALED_UNIT = /^(千|万|亿|百万|千万)?(元|人|人次|所|个|项|亩)$/;

/**
 * The text to parse: the cell, with the row's unit appended when that unit scales the figure
 * differently from the indicator's own ("4721" in a "万元" row of an 亿元 indicator is 0.4721).
 * Only a plain number gets a unit; anything else is read as written.
 */
export function withUnit(raw: string, unit: string | undefined, indicatorUnitLabels: readonly string[]): string {
  if (!unit) return raw;
  const u = unit.normalize('NFKC').replace(/\s/g, '');
  if (!SCALED_UNIT.test(u) || indicatorUnitLabels.includes(u) || !PLAIN_NUMBER.test(raw.trim())) return raw;
  return raw + u;
}

/** One figure ready for the preview: target cell, parsed value, and where it came from. */
export interface ImportCell {
  key: string;
  indicator: string;
  period: string;
  /** The reporting unit; absent = the city. */
  unit?: string;
  after: CellValue;
  place: Place;
  /** Where the figure came from, as the product's JSON records it (source sentence, derived, history). */
  meta?: ValueMeta;
}

/**
 * Turns a table's figures into target cells through the (user-confirmed) mapping, reading every value
 * with the same parser as typing. A value that cannot be read is kept as written (state "invalid")
 * and listed with its row and column; a name left unmatched is listed once.
 * `catalog` must already include any custom indicators the mapping points to.
 */
export function buildCells(
  records: readonly FigureRecord[],
  mapping: Mapping,
  catalog: Catalog | CatalogIndex,
  file: string,
  sheet?: string,
  units: { file?: string | null; names?: Record<string, string | null> } = {},
): { cells: ImportCell[]; issues: ImportIssue[] } {
  // a figure's unit: its unit name's (null: left out; absent: not decided), else the file's (null: not sure)
  const unitOf = (rec: FigureRecord): string | null =>
    rec.reportingUnit !== undefined ? (units.names && Object.hasOwn(units.names, rec.reportingUnit) ? units.names[rec.reportingUnit] : null) : units.file === undefined ? CITY : units.file;
  const index = catalog instanceof CatalogIndex ? catalog : new CatalogIndex(catalog);
  const target = new Map<number, string | null>();
  const issues: ImportIssue[] = [];
  for (const m of mapping) {
    for (const r of m.rows) target.set(r, m.indicatorId);
    if (m.indicatorId === null && m.method === 'none') {
      const best = m.suggestions[0];
      const hint = best ? index.byId.get(best.indicatorId) : undefined;
      issues.push(
        issue(
          'unmatched-row',
          'warning',
          file,
          { sheet, row: m.sourceRow },
          `“${m.label}”没有对应的指标，不会导入${hint ? `（是否是“${hint.label.zh}”？）` : ''}`,
          `"${m.label}" matches no indicator and will not be imported${hint ? ` (did you mean "${hint.label.en}"?)` : ''}`,
          { label: m.label },
        ),
      );
    }
    if (m.indicatorId !== null && !index.byId.has(m.indicatorId)) {
      throw new Error(`mapping points to indicator "${m.indicatorId}", which is not in the catalog`);
    }
  }
  const cells: ImportCell[] = [];
  // Per indicator: the indicator, its unit and the values already read for its kind and unit. parseValue
  // is a function of the text, the indicator's kind and its unit: a long table's repeated figures (0, 1,
  // 12 …) are parsed once per kind and unit, and each cell gets its own copy.
  const byIndicator = new Map<string, { ind: Indicator; unit: Unit; labels: string[]; read: Map<string, CellValue> }>();
  const byKindUnit = new Map<string, Map<string, CellValue>>();
  for (const rec of records) {
    const id = target.get(rec.line ?? rec.row);
    if (!id) continue;
    const unitId = unitOf(rec);
    if (unitId === null) continue;
    let known = byIndicator.get(id);
    if (!known) {
      const i = index.indicator(id);
      const u = index.unitOf(i);
      const kindUnit = `${i.kind}\u0000${i.unit}`;
      let read = byKindUnit.get(kindUnit);
      if (!read) byKindUnit.set(kindUnit, (read = new Map()));
      known = { ind: i, unit: u, labels: [u.label.zh, u.label.en], read };
      byIndicator.set(id, known);
    }
    const { ind, unit } = known;
    const text = withUnit(rec.raw, rec.unit, known.labels);
    const seen = known.read.get(text);
    let after: CellValue;
    if (seen) after = { ...seen };
    else {
      after = parseValue(text, ind, unit);
      known.read.set(text, { ...after });
    }
    const place: Place = { row: rec.row, column: rec.column };
    if (sheet !== undefined) place.sheet = sheet;
    if (after.state === 'invalid') {
      issues.push(
        issue(
          'invalid-value',
          'warning',
          file,
          place,
          `“${shown(rec.raw)}”不能读作“${ind.label.zh}”的数值${reason(after.error, 'zh')}，将按原文导入并标为无效`,
          `"${shown(rec.raw)}" cannot be read as a value of "${ind.label.en}"${reason(after.error, 'en')}; it will be imported as written and marked invalid`,
          { raw: rec.raw, indicator: id, ...(after.error ? { error: after.error } : {}) },
        ),
      );
    }
    // A share computed in Excel without a % format shows as 0.9823; stored as 0.9823 % it would pass a range check.
    if (ind.kind === 'percentage' && after.state === 'value' && !rec.raw.includes('%') && after.n !== undefined && after.n > 0 && after.n <= 1) {
      issues.push(
        issue(
          'percent-as-fraction',
          'warning',
          file,
          place,
          `“${rec.raw}”可能是小数形式的百分比（${after.n * 100}%？），“${ind.label.zh}”以百分数计`,
          `"${rec.raw}" may be a fraction rather than a percentage (${after.n * 100}%?); "${ind.label.en}" is in percent`,
          { raw: rec.raw, indicator: id },
        ),
      );
    }
    cells.push({ key: cellKey(id, rec.period, unitId), indicator: id, period: rec.period, unit: unitId, after, place });
  }
  return { cells, issues };
}

/** Why a value could not be read, as a clause of the message ("（数值过大…）" / " (the number is too large…)"). */
function reason(code: string | undefined, lang: 'zh' | 'en'): string {
  if (!code || !hasMessage(code)) return '';
  const text = format(code, {}, lang);
  return lang === 'zh' ? `（${text}）` : ` (${text})`;
}

/** A value as quoted in a message: line breaks shown as ⏎, long text cut (the whole text is kept in the cell). */
function shown(raw: string): string {
  const flat = raw.replace(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/g, '⏎');
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}
