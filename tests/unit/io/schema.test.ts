import { describe, expect, it } from 'vitest';
import schema from '../../../schemas/workbook.schema.json' with { type: 'json' };
import baseline from '../../../data/baseline-2019.json' with { type: 'json' };
import { createAjv } from '../../../src/core/schema/compile.ts';
import { workbookSchemaIssues } from '../../../src/core/io/workbook-json.ts';

const report = (over: Record<string, unknown> = {}) => ({
  valid: true,
  generatedAt: '2026-11-28T15:00:00.000Z',
  ruleSetVersion: 'r1',
  catalogVersion: '2019.1',
  counts: { error: 0, warning: 1, notComputable: 0, passed: 3 },
  rules: [
    {
      id: 'schools_total_balance',
      kind: 'balance',
      expression: 'schools_total = schools_university + schools_kindergarten',
      severity: 'error',
      outcomes: [{ period: '2019', outcome: 'passed', expected: 934, actual: 934, difference: 0, cells: ['schools_total@2019'] }],
    },
  ],
  values: [],
  ...over,
});
const file = (over: Record<string, unknown> = {}) => ({
  format: 'edu-stats-workbook',
  formatVersion: 1,
  catalogVersion: '2019.1',
  periods: ['2019'],
  values: [{ indicator: 'schools_total', period: '2019', raw: '934', state: 'value', value: 934 }],
  ...over,
});

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('workbook schema', () => {
  it('compiles in strict mode and is self-contained (only local $refs)', () => {
    expect(() => createAjv().compile(schema)).not.toThrow();
    const all = refs(schema);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((r) => !r.startsWith('#/'))).toEqual([]);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts the 2019 baseline and a file with a valid report', () => {
    expect(workbookSchemaIssues(baseline)).toEqual([]);
    expect(workbookSchemaIssues(file({ validation: report() }))).toEqual([]);
    expect(workbookSchemaIssues(file({ validation: report({ valid: false, counts: { error: 2, warning: 0, notComputable: 0, passed: 1 } }) }))).toEqual([]);
  });

  const bad: [string, unknown, string][] = [
    ['valid with errors (a lying file)', file({ validation: report({ counts: { error: 1, warning: 0, notComputable: 0, passed: 0 } }) }), '/validation/counts/error'],
    ['not valid with zero errors', file({ validation: report({ valid: false }) }), '/validation/counts/error'],
    ['unknown top-level field', file({ extra: 1 }), 'extra'],
    ['wrong format', file({ format: 'other' }), '/format'],
    ['wrong version', file({ formatVersion: 4 }), '/formatVersion'],
    ['version 1 with units', file({ units: [] }), '/units'],
    ['version 2 without units', file({ formatVersion: 2 }), 'units'],
    ['period not a year', file({ periods: ['19'] }), '/periods/0'],
    ['duplicate period', file({ periods: ['2019', '2019'] }), '/periods'],
    ['bad state', file({ values: [{ indicator: 'schools_total', period: '2019', raw: '1', state: 'ok' }] }), '/values/0/state'],
    ['value without raw', file({ values: [{ indicator: 'schools_total', period: '2019', state: 'value' }] }), 'raw'],
    ['unknown value field', file({ values: [{ indicator: 'schools_total', period: '2019', raw: '1', state: 'value', n: 1 }] }), '/values/0'],
    ['bad qualifier', file({ values: [{ indicator: 'schools_total', period: '2019', raw: '约1', state: 'value', qualifier: 'roughly' }] }), '/values/0/qualifier'],
    ['custom indicator without kind', file({ customIndicators: [{ id: 'x', label: { zh: 'x', en: 'x' }, section: 's', parent: null, order: 1, unit: 'u', decimals: 0, aliases: [] }] }), 'kind'],
    ['report without time', file({ validation: { ...report(), generatedAt: 'yesterday' } }), '/validation/generatedAt'],
    ['outcome name', file({ validation: report({ rules: [{ id: 'r', kind: 'balance', expression: 'a = b', severity: 'error', outcomes: [{ period: '2019', outcome: 'ok', cells: [] }] }] }) }), 'outcome'],
    ['bad cell key', file({ validation: report({ rules: [{ id: 'r', kind: 'balance', expression: 'a = b', severity: 'error', outcomes: [{ period: '2019', outcome: 'passed', cells: ['School 2019'] }] }] }) }), 'cells/0'],
  ];
  it.each(bad)('rejects: %s', (_name, json, where) => {
    const issues = workbookSchemaIssues(json, 'f.json');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => `${i.en} ${i.zh}`).join('\n')).toContain(where);
    expect(issues[0].zh).toContain('f.json');
  });
});
