import type { ErrorObject } from 'ajv';
import type { Catalog, Text } from '../model/catalog.ts';
import { CatalogIndex } from '../model/catalog.ts';
import { formatSchemaErrors } from '../schema/ajv.ts';
import { validateRuleFile as validateSchema } from '../schema/validators.ts';
import { DataFileError } from '../data/errors.ts';
import rulesSchema from '../../../schemas/rules.schema.json' with { type: 'json' };
import { KIND_BY_NAME } from './registry.ts';
import type { Rule, RuleFile } from './types.ts';

const defs = rulesSchema.$defs as Record<string, { properties?: Record<string, unknown> }>;

/**
 * Drops schema noise: the `if` that only says "then failed", and "unevaluated property" for a property
 * the rule's kind does define (it is reported only because another of the kind's checks failed).
 */
function usefulErrors(errors: ErrorObject[], json: unknown): ErrorObject[] {
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (e.keyword !== 'unevaluatedProperties') return true;
    const m = /^\/rules\/(\d+)$/.exec(e.instancePath);
    const rule = m ? (json as { rules: { kind?: unknown }[] }).rules[Number(m[1])] : undefined;
    const kind = typeof rule?.kind === 'string' ? rule.kind : '';
    const prop = (e.params as { unevaluatedProperty: string }).unevaluatedProperty;
    return !(defs[kind]?.properties && prop in defs[kind].properties!);
  });
}

/** Adds the rule id to a message about /rules/N/… so the statistician finds the rule by name. */
function nameRule(t: Text, json: unknown): Text {
  const m = /\/rules\/(\d+)/.exec(t.en);
  if (!m) return t;
  const id = (json as { rules?: { id?: unknown }[] }).rules?.[Number(m[1])]?.id;
  if (typeof id !== 'string') return t;
  return { zh: t.zh.replace(m[0], `${m[0]}（规则“${id}”）`), en: t.en.replace(m[0], `${m[0]} (rule "${id}")`) };
}

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

/** Checks a parsed rule file against schemas/rules.schema.json and the catalog; throws DataFileError naming rule and field. */
export function loadRuleFile(json: unknown, catalog: Catalog, file = 'rules.json'): RuleFile {
  if (!validateSchema(json)) {
    const errors = usefulErrors(validateSchema.errors ?? [], json);
    const texts = errors.map((e): Text => {
      if (e.keyword !== 'unevaluatedProperties') return formatSchemaErrors([e], file)[0];
      // ajv's own message does not name the property
      const prop = (e.params as { unevaluatedProperty: string }).unevaluatedProperty;
      const where = e.instancePath || '/';
      return { zh: `${file} 中 ${where}：不允许的字段“${prop}”`, en: `${file} at ${where}: unknown field "${prop}"` };
    });
    throw new DataFileError(
      file,
      texts.map((t) => nameRule(t, json)),
    );
  }
  const rules = json as unknown as RuleFile;
  const issues = ruleFileIssues(rules, catalog, file);
  if (issues.length) throw new DataFileError(file, issues);
  return rules;
}
