import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dts, generateTypes, generateValidators, MODULES, type ModuleName } from '../../../scripts/gen-validators.ts';
import { BASELINE_2019_JSON } from '../../../src/core/data/baseline.ts';
import { createAjv } from '../../../src/core/schema/compile.ts';
import { validateCatalogFile, validateRuleFile } from '../../../src/core/schema/validators.ts';
import { valueValidators } from '../../../src/core/schema/value-validators.ts';
import { validateWorkbookFile } from '../../../src/core/schema/workbook-validator.ts';
import { VALUE_SCHEMAS } from '../../../src/core/schema/value-schemas.ts';

const json = (p: string) => JSON.parse(readFileSync(new URL(`../../../${p}`, import.meta.url), 'utf8'));

describe('the validators compiled at build time', () => {
  it.each(Object.keys(MODULES) as ModuleName[])('%s module: up to date with the schemas (else: npm run gen:validators)', (m) => {
    expect(readFileSync(MODULES[m].js, 'utf8')).toBe(generateValidators(m));
    expect(readFileSync(dts(MODULES[m].js), 'utf8')).toBe(generateTypes(m));
  });

  const broken = structuredClone(BASELINE_2019_JSON) as { values: Record<string, unknown>[]; periods: unknown };
  broken.values[0].state = 'maybe';
  delete broken.values[1].raw;
  broken.periods = 'x';
  it.each([
    ['catalog', validateCatalogFile, json('schemas/catalog.schema.json'), json('data/catalog.json')],
    ['rules', validateRuleFile, json('schemas/rules.schema.json'), json('data/rules.json')],
    ['workbook', validateWorkbookFile, json('schemas/workbook.schema.json'), BASELINE_2019_JSON],
    ['workbook (broken)', validateWorkbookFile, json('schemas/workbook.schema.json'), broken],
    ['catalog (not one)', validateCatalogFile, json('schemas/catalog.schema.json'), { version: 1, units: [] }],
  ])('%s: the same verdict and errors as ajv compiling the schema at run time', (_n, validate, schema, doc) => {
    const compiled = createAjv().compile(schema);
    expect(validate(doc)).toBe(compiled(doc));
    expect(validate.errors ?? null).toEqual(compiled.errors ?? null);
  });

  it.each(Object.keys(VALUE_SCHEMAS))('value kind %s: the same verdicts over a table of values', (kind) => {
    const compiled = createAjv().compile(VALUE_SCHEMAS[kind]);
    for (const v of [{ n: 0 }, { n: -1 }, { n: 1.5 }, { n: 100 }, { n: 101 }, { n: 50, n2: 50 }, { n: 50, n2: 150 }, {}]) {
      expect(valueValidators[kind](v), `${kind} ${JSON.stringify(v)}`).toBe(compiled(v));
    }
  });
});
