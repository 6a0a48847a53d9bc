import type { Catalog, Text } from '../model/catalog.ts';
import catalogJson from '../../../data/catalog.json' with { type: 'json' };
import { DataFileError } from './errors.ts';

export { DataFileError } from './errors.ts';

function issue(file: string, path: string, zh: string, en: string): Text {
  return { zh: `${file} 中 ${path}：${zh}`, en: `${file} at ${path}: ${en}` };
}

/**
 * The invariants the schema cannot express (documented at the top of model/catalog.ts), plus one
 * import matching relies on: a name (Chinese label or alias) belongs to one indicator only.
 */
export function catalogInvariantIssues(c: Catalog, file = 'catalog.json'): Text[] {
  const out: Text[] = [];
  const firstIndex = <T>(items: T[], key: (t: T) => string | number, what: string, whatZh: string, base: string) => {
    const seen = new Map<string | number, number>();
    items.forEach((t, i) => {
      const k = key(t);
      const j = seen.get(k);
      if (j === undefined) seen.set(k, i);
      else out.push(issue(file, `${base}/${i}`, `${whatZh}“${k}”与第 ${j} 项重复`, `duplicate ${what} "${k}" (also at ${base}/${j})`));
    });
    return seen;
  };
  const units = firstIndex(c.units, (u) => u.id, 'unit id', '单位编号', '/units');
  const sections = firstIndex(c.sections, (s) => s.id, 'section id', '部分编号', '/sections');
  firstIndex(c.sections, (s) => s.order, 'section order', '部分顺序号', '/sections');
  const ids = firstIndex(c.indicators, (ind) => ind.id, 'indicator id', '指标编号', '/indicators');
  firstIndex(c.indicators, (ind) => ind.order, 'indicator order', '指标顺序号', '/indicators');

  const names = new Map<string, string>();
  c.indicators.forEach((ind, i) => {
    const at = `/indicators/${i}`;
    if (!sections.has(ind.section)) {
      out.push(issue(file, `${at}/section`, `部分“${ind.section}”不存在`, `unknown section "${ind.section}"`));
    }
    if (!units.has(ind.unit)) out.push(issue(file, `${at}/unit`, `单位“${ind.unit}”不存在`, `unknown unit "${ind.unit}"`));
    if (ind.parent !== null) {
      const pi = ids.get(ind.parent);
      const p = pi === undefined ? undefined : c.indicators[pi];
      if (!p) {
        out.push(issue(file, `${at}/parent`, `上级指标“${ind.parent}”不存在`, `unknown parent "${ind.parent}"`));
      } else if (p.id === ind.id) {
        out.push(issue(file, `${at}/parent`, '指标不能是自己的上级', 'an indicator cannot be its own parent'));
      } else if (p.section !== ind.section) {
        out.push(
          issue(file, `${at}/parent`, `上级指标“${p.id}”属于另一部分“${p.section}”`, `parent "${p.id}" is in another section ("${p.section}")`),
        );
      } else if (p.order >= ind.order) {
        out.push(
          issue(file, `${at}/parent`, `上级指标“${p.id}”的顺序号应小于本指标`, `parent "${p.id}" must come earlier in order than "${ind.id}"`),
        );
      }
    }
    if (ind.partOf !== undefined) {
      const ti = ids.get(ind.partOf);
      const t = ti === undefined ? undefined : c.indicators[ti];
      if (!t) out.push(issue(file, `${at}/partOf`, `总数指标“${ind.partOf}”不存在`, `unknown total "${ind.partOf}"`));
      else if (t.id === ind.id) out.push(issue(file, `${at}/partOf`, '指标不能是自己的分项', 'an indicator cannot be a part of itself'));
      else if (t.unit !== ind.unit || t.kind !== ind.kind) {
        out.push(
          issue(
            file,
            `${at}/partOf`,
            `分项与总数“${t.id}”的单位或类型不同（${ind.unit}/${ind.kind} 与 ${t.unit}/${t.kind}），不能相加`,
            `a part must have its total's unit and kind ("${t.id}" is ${t.unit}/${t.kind}, this is ${ind.unit}/${ind.kind})`,
          ),
        );
      }
    }
    for (const name of new Set([ind.label.zh, ...ind.aliases])) {
      const other = names.get(name);
      if (other !== undefined && other !== ind.id) {
        out.push(issue(file, at, `名称“${name}”也属于指标“${other}”`, `name "${name}" also belongs to indicator "${other}"`));
      } else names.set(name, ind.id);
    }
  });
  return out;
}

/**
 * A catalog whose schema has been checked: the invariants, or DataFileError. loadCatalog
 * (load-catalog.ts) checks both for any file.
 */
export function checkCatalogInvariants(catalog: Catalog, file = 'catalog.json'): Catalog {
  const issues = catalogInvariantIssues(catalog, file);
  if (issues.length) throw new DataFileError(file, issues);
  return catalog;
}

/**
 * The catalog bundled with the app (data/catalog.json). Its schema is checked when the app is built
 * (scripts/bundled-data.ts) and by the tests, so the app's first load carries no schema validator; the
 * invariants are checked here, once at load.
 */
export const CATALOG: Catalog = checkCatalogInvariants(catalogJson as unknown as Catalog, 'data/catalog.json');
