import type { Catalog, Text } from '../model/catalog.ts';
import { CatalogIndex } from '../model/catalog.ts';
import { DataFileError } from '../data/errors.ts';
import { KIND_BY_NAME } from './registry.ts';
import type { Rule, RuleFile } from './types.ts';

/**
 * What the schema cannot say: unique ids, indicators that exist, the right value kind for ratio/share/split cells.
 * `catalog` is the workbook's (the published catalog plus its custom indicators), so rules may name custom indicators.
 */
export function ruleFileIssues(file: RuleFile, catalog: Catalog, name = 'rules.json'): Text[] {
  const index = new CatalogIndex(catalog);
  const out: Text[] = [];
  const seen = new Map<string, number>();
  file.rules.forEach((rule: Rule, i) => {
    const at = `/rules/${i}（规则“${rule.id}”）`;
    const atEn = `/rules/${i} (rule "${rule.id}")`;
    const j = seen.get(rule.id);
    if (j !== undefined) {
      out.push({ zh: `${name} 中 ${at}：规则编号与 /rules/${j} 重复`, en: `${name} at ${atEn}: duplicate rule id (also /rules/${j})` });
    }
    else seen.set(rule.id, i);
    const kind = KIND_BY_NAME.get(rule.kind)!;
    for (const ref of kind.references(rule)) {
      const ind = index.byId.get(ref.indicator);
      if (!ind) {
        out.push({
          zh: `${name} 中 ${at}/${ref.field}：指标“${ref.indicator}”既不在指标目录中，也不是本工作簿的自定义指标`,
          en: `${name} at ${atEn}/${ref.field}: indicator "${ref.indicator}" is neither in the catalog nor a custom indicator of this workbook`,
        });
      } else if (ref.kinds && !ref.kinds.includes(ind.kind)) {
        out.push({
          zh: `${name} 中 ${at}/${ref.field}：指标“${ind.id}”的类型为 ${ind.kind}，应为 ${ref.kinds.join('/')}`,
          en: `${name} at ${atEn}/${ref.field}: indicator "${ind.id}" is of kind ${ind.kind}, expected ${ref.kinds.join('/')}`,
        });
      }
    }
  });
  return out;
}

/**
 * The rule set bundled with the app (data/rules.json) against the workbook's catalog: its schema was
 * checked when the app was built (scripts/bundled-data.ts; loadRuleFile checks both for any other file),
 * so the app's first load carries no schema validator. Throws DataFileError naming rule and field.
 */
export function checkRuleReferences(json: unknown, catalog: Catalog, file = 'rules.json'): RuleFile {
  const rules = json as RuleFile;
  const issues = ruleFileIssues(rules, catalog, file);
  if (issues.length) throw new DataFileError(file, issues);
  return rules;
}
