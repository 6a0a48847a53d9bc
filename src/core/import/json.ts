import type { Catalog, Indicator } from '../model/catalog.ts';
import { cellKey, parseCellKey, CITY } from '../model/value.ts';
import { readWorkbookJson, WORKBOOK_FORMAT, type WorkbookJsonIssue } from '../io/workbook-json.ts';
import type { ImportCell } from './cells.ts';
import { issue, type ImportIssue, type ImportIssueCode } from './issues.ts';
import { IMPORT_LIMITS, type ImportLimits } from './limits.ts';
import type { FiguresRead } from './index.ts';
import type { MappingRow } from './match.ts';

/** The import's code for each problem the workbook reader finds. */
const CODE: Record<WorkbookJsonIssue['code'], ImportIssueCode> = {
  schema: 'json-invalid',
  'custom-indicator': 'json-invalid',
  'unknown-indicator': 'unknown-indicator',
  'unknown-period': 'bad-period',
  duplicate: 'duplicate-conflict',
  'value-mismatch': 'json-value-mismatch',
};

/**
 * Reads the product's own workbook JSON (docs: the workbook JSON format) as figures to import,
 * through the same reader that opens a workbook (workbookFromJson's checks: schema, known indicators
 * and periods, every raw text re-parsed and compared with the stored value), so whatever the export
 * writes imports back. Values carry indicator ids and periods: no layout or name matching.
 * Custom indicators the file defines and the catalog lacks are returned for the caller to add.
 */
export function readJsonFigures(bytes: Uint8Array, file: string, catalog: Catalog, out: FiguresRead, limits: ImportLimits = IMPORT_LIMITS): FiguresRead {
  const fail = (code: ImportIssueCode, zh: string, en: string) => {
    out.errors.push(issue(code, 'error', file, {}, zh, en));
    return out;
  };
  let json: unknown;
  try {
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start)));
  } catch (e) {
    const detail = String((e as Error)?.message ?? e).slice(0, 200);
    return fail('json-invalid', `不是有效的 JSON（${detail}）`, `not valid JSON (${detail})`);
  }
  const doc = json as Record<string, unknown> | null;
  const over = workbookJsonIssues(doc, file, limits);
  if (over.length) {
    out.errors.push(...over);
    return out;
  }
  const r = readWorkbookJson(json, catalog, file);
  if (!r.workbook) {
    // the reader's messages already start with the file and the place
    for (const i of r.issues) out.errors.push({ code: CODE[i.code], severity: 'error', file, path: i.path, message: i.message });
    return out;
  }
  const wb = r.workbook;
  const known = new Set(catalog.indicators.map((i) => i.id));
  const custom: Indicator[] = wb.catalog.indicators.filter((i) => !known.has(i.id));
  const cells: ImportCell[] = [];
  const mapping = new Map<string, MappingRow>();
  const periods = new Set<string>();
  // the file's order, so each cell keeps its place (/values/i) for messages
  const values = (doc as { values: { indicator: string; period: string; reportingUnit?: string }[] }).values;
  const index = new Map<string, number>();
  values.forEach((v, i) => index.set(cellKey(v.indicator, v.period, v.reportingUnit ?? CITY), i));
  for (const [key, after] of wb.values) {
    const ref = parseCellKey(key);
    const i = index.get(key) ?? 0;
    const path = `/values/${i}`;
    if (ref.unit !== CITY) {
      out.warnings.push(
        issue('json-invalid', 'warning', file, { path }, `报告单位“${ref.unit}”暂不支持，已跳过`, `reporting unit "${ref.unit}" is not supported yet; skipped`),
      );
      continue;
    }
    if (after.state === 'empty') continue;
    periods.add(ref.period);
    const meta = wb.meta.get(key);
    cells.push({ key, indicator: ref.indicator, period: ref.period, after, place: { row: 0, column: '', path }, ...(meta ? { meta } : {}) });
    const m = mapping.get(ref.indicator);
    if (m) m.rows.push(i + 1);
    else {
      const label = wb.index.byId.get(ref.indicator)?.label.zh ?? ref.indicator;
      mapping.set(ref.indicator, { sourceRow: i + 1, rows: [i + 1], label, sourceId: ref.indicator, indicatorId: ref.indicator, method: 'id', how: 'id', suggestions: [] });
    }
  }
  cells.sort((a, b) => index.get(a.key)! - index.get(b.key)!);
  out.periods = [...periods].sort();
  out.customIndicators = custom;
  out.cells = cells;
  out.mapping = [...mapping.values()].sort((a, b) => a.sourceRow - b.sourceRow);
  // notes, flags and histories of the city's figures come with them (checked by the reader above)
  const city = <T>(m: Map<string, T>) => [...m].filter(([key]) => parseCellKey(key).unit === CITY);
  if (wb.notes.size || wb.followUp.size || wb.history.size) out.annotations = { notes: city(wb.notes), followUp: city(wb.followUp), history: city(wb.history) };
  return out;
}

/**
 * What is checked on a parsed JSON before it is read as a workbook (schema, every raw re-parsed), by
 * the import and the CLI alike: another kind of JSON gets one plain sentence, not a list of schema
 * complaints; then the import limits: at most `maxPeriods` periods (listed, or named by its values)
 * and `maxCells` values.
 */
export function workbookJsonIssues(doc: unknown, file: string, limits: ImportLimits = IMPORT_LIMITS): ImportIssue[] {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || (doc as { format?: unknown }).format !== WORKBOOK_FORMAT) {
    return [
      issue(
        'json-not-workbook',
        'error',
        file,
        {},
        `不是本系统导出的工作簿文件（缺少 "format": "${WORKBOOK_FORMAT}"）`,
        `not a workbook exported by this product (no "format": "${WORKBOOK_FORMAT}")`,
      ),
    ];
  }
  const d = doc as { periods?: unknown; values?: unknown };
  const out: ImportIssue[] = [];
  const values = Array.isArray(d.values) ? d.values : [];
  if (values.length > limits.maxCells) {
    out.push(
      issue('too-many-cells', 'error', file, { path: '/values' }, `共 ${values.length} 个数值，超过导入上限 ${limits.maxCells}`, `${values.length} values, above the import limit of ${limits.maxCells}`, {
        values: values.length,
        maxCells: limits.maxCells,
      }),
    );
    return out;
  }
  const periods = new Set<string>();
  if (Array.isArray(d.periods)) for (const p of d.periods) periods.add(String(p));
  for (const v of values) if (v && typeof v === 'object' && 'period' in v) periods.add(String((v as { period: unknown }).period));
  if (periods.size > limits.maxPeriods) {
    out.push(
      issue(
        'too-many-periods',
        'error',
        file,
        { path: '/periods' },
        `共 ${periods.size} 个年份，超过导入上限 ${limits.maxPeriods} 个`,
        `${periods.size} periods (years), above the import limit of ${limits.maxPeriods}`,
        { periods: periods.size, maxPeriods: limits.maxPeriods },
      ),
    );
  }
  return out;
}
