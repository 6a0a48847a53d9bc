import type { ErrorObject } from 'ajv';
import type { Catalog, Text } from '../model/catalog.ts';
import { formatSchemaErrors } from '../schema/ajv.ts';
import { validateRuleFile as validateSchema } from '../schema/validators.ts';
import { DataFileError } from '../data/errors.ts';
import rulesSchema from '../../../schemas/rules.schema.json' with { type: 'json' };
import { checkRuleReferences } from './rule-file.ts';
import type { RuleFile } from './types.ts';

export { ruleFileIssues } from './rule-file.ts';

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
    const props = Object.hasOwn(defs, kind) ? defs[kind].properties : undefined;
    return !(props && Object.hasOwn(props, prop));
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
  return checkRuleReferences(json, catalog, file);
}
