import type { Catalog, Indicator } from '../model/catalog.ts';
import { CatalogIndex } from '../model/catalog.ts';
import { cellKey, CITY } from '../model/value.ts';
import { parseValue } from '../parse/value.ts';
import type { ImportCell } from './cells.ts';
import { issue, type ImportIssue } from './issues.ts';
import type { FiguresRead } from './index.ts';
import type { MappingRow } from './match.ts';

/**
 * Reads the product's own workbook JSON (docs: the workbook JSON format) as figures to import.
 * Values carry indicator ids and periods, so there is no layout or name matching: every value is
 * re-parsed from `raw` with the value parser, and a file whose stored value disagrees with its raw
 * text is refused, naming the value (the same rule as the workbook loader).
 * Custom indicators the file defines and the catalog lacks are returned for the caller to add.
 */
export function readJsonFigures(bytes: Uint8Array, file: string, catalog: Catalog, out: FiguresRead): FiguresRead {
  const errors = out.errors;
  const fail = (code: ImportIssue['code'], path: string | undefined, zh: string, en: string) => {
    errors.push(issue(code, 'error', file, path ? { path } : {}, zh, en));
    return out;
  };
  let json: unknown;
  try {
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start)));
  } catch (e) {
    const detail = String((e as Error)?.message ?? e).slice(0, 200);
    return fail('json-invalid', undefined, `不是有效的 JSON（${detail}）`, `not valid JSON (${detail})`);
  }
  const doc = json as Record<string, unknown>;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || doc.format !== 'edu-stats-workbook' || !Array.isArray(doc.values)) {
    return fail(
      'json-not-workbook',
      undefined,
      '不是本系统导出的工作簿文件（缺少 "format": "edu-stats-workbook" 或 values）',
      'not a workbook exported by this product (no "format": "edu-stats-workbook" or no values)',
    );
  }
  const custom: Indicator[] = [];
  if (Array.isArray(doc.customIndicators)) {
    doc.customIndicators.forEach((c: unknown, i: number) => {
      const ind = c as Indicator;
      const ok =
        ind && typeof ind === 'object' && typeof ind.id === 'string' && /^[a-z][a-z0-9_]*$/.test(ind.id) && typeof ind.label?.zh === 'string' && typeof ind.unit === 'string';
      if (!ok) {
        fail('json-invalid', `/customIndicators/${i}`, '自定义指标格式不正确', 'malformed custom indicator');
        return;
      }
      if (!catalog.indicators.some((x) => x.id === ind.id)) custom.push({ ...ind, custom: true, aliases: ind.aliases ?? [] });
    });
  }
  const index = new CatalogIndex({ ...catalog, indicators: [...catalog.indicators, ...custom] });
  const cells: ImportCell[] = [];
  const mapping = new Map<string, MappingRow>();
  const periods = new Set<string>();
  (doc.values as unknown[]).forEach((v: unknown, i: number) => {
    const path = `/values/${i}`;
    const e = v as Record<string, unknown>;
    if (!e || typeof e !== 'object' || typeof e.indicator !== 'string' || typeof e.period !== 'string' || typeof e.raw !== 'string') {
      fail('json-invalid', path, '应有 indicator、period 和 raw 三个文本字段', 'expected text fields indicator, period and raw');
      return;
    }
    if (!/^\d{4}$/.test(e.period)) {
      fail('bad-period', path, `“${e.period}”不是年份`, `"${e.period}" is not a year`);
      return;
    }
    if (e.reportingUnit !== undefined && e.reportingUnit !== CITY) {
      out.warnings.push(
        issue('json-invalid', 'warning', file, { path }, `报告单位“${String(e.reportingUnit)}”暂不支持，已跳过`, `reporting unit "${String(e.reportingUnit)}" is not supported yet; skipped`),
      );
      return;
    }
    const ind = index.byId.get(e.indicator);
    if (!ind || !index.unitById.has(ind.unit)) {
      fail('unknown-indicator', path, `指标“${e.indicator}”不在目录中`, `indicator "${e.indicator}" is not in the catalog`);
      return;
    }
    const after = parseValue(e.raw, ind, index.unitOf(ind));
    const stated = { raw: e.raw, state: e.state, n: e.value, n2: e.value2, qualifier: e.qualifier };
    const agrees =
      (e.state === undefined || e.state === after.state) &&
      (e.value === undefined || e.value === after.n) &&
      (e.value2 === undefined || e.value2 === after.n2) &&
      (e.qualifier === undefined || e.qualifier === after.qualifier);
    if (!agrees) {
      fail(
        'json-value-mismatch',
        path,
        `“${e.raw}”读作 ${after.state} ${after.n ?? ''}，与文件中记录的 ${String(stated.state)} ${String(stated.n ?? '')} 不一致`,
        `"${e.raw}" reads as ${after.state} ${after.n ?? ''}, but the file records ${String(stated.state)} ${String(stated.n ?? '')}`,
      );
      return;
    }
    if (after.state === 'empty') return;
    periods.add(e.period);
    cells.push({ key: cellKey(ind.id, e.period), indicator: ind.id, period: e.period, after, place: { row: 0, column: '', path } });
    const m = mapping.get(ind.id);
    if (m) m.rows.push(i + 1);
    else mapping.set(ind.id, { sourceRow: i + 1, rows: [i + 1], label: ind.label.zh, sourceId: ind.id, indicatorId: ind.id, method: 'id', suggestions: [] });
  });
  out.periods = [...periods].sort();
  out.customIndicators = custom;
  if (errors.length === 0) {
    out.cells = cells;
    out.mapping = [...mapping.values()];
  }
  return out;
}


