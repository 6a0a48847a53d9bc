import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Indicator } from '../model/catalog.ts';
import type { CellValue } from '../model/value.ts';
import { createAjv } from '../schema/ajv.ts';
import type { Params } from './types.ts';

/**
 * Per-value checks: what a single figure of a value kind must be, as JSON Schemas over `{ n, n2 }`,
 * compiled once (ajv strict). Plausible bounds beyond these (a gross rate up to 150) are range rules.
 */
const nonNegative = { type: 'number', minimum: 0 };
const SCHEMAS: Record<string, object> = {
  count: { type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'] },
  percentage: { type: 'object', properties: { n: { type: 'number', minimum: 0, maximum: 100 } }, required: ['n'] },
  percentage_gross: { type: 'object', properties: { n: nonNegative }, required: ['n'] },
  ratio: { type: 'object', properties: { n: { type: 'number', exclusiveMinimum: 0 } }, required: ['n'] },
  split: {
    type: 'object',
    properties: { n: { type: 'number', minimum: 0, maximum: 100 }, n2: { type: 'number', minimum: 0, maximum: 100 } },
    required: ['n', 'n2'],
  },
  money: { type: 'object', properties: { n: nonNegative }, required: ['n'] },
  score: { type: 'object', properties: { n: nonNegative }, required: ['n'] },
  area: { type: 'object', properties: { n: nonNegative }, required: ['n'] },
  number: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
};

let compiled: Map<string, ValidateFunction> | null = null;

function validators(): Map<string, ValidateFunction> {
  if (!compiled) {
    const ajv = createAjv();
    compiled = new Map(Object.entries(SCHEMAS).map(([k, s]) => [k, ajv.compile(s)]));
  }
  return compiled;
}

/** The schema of one value kind, for the published JSON Schema and tests. */
export function valueSchema(ind: Pick<Indicator, 'kind' | 'gross'>): object {
  return SCHEMAS[ind.kind === 'percentage' && ind.gross ? 'percentage_gross' : ind.kind];
}

/** A value that breaks its kind's schema: a message code and its numeric params. */
export interface ValueIssue {
  code: string;
  actual?: number;
  params: Params;
}

function issueFrom(e: ErrorObject, v: CellValue): ValueIssue {
  const actual = e.instancePath === '/n2' ? v.n2 : v.n;
  const limit = (e.params as { limit?: number }).limit;
  if (e.keyword === 'type' && (e.params as { type?: string }).type === 'integer') return { code: 'value.not_integer', actual, params: {} };
  if ((e.keyword === 'minimum' || e.keyword === 'exclusiveMinimum') && limit !== undefined)
    return { code: 'value.below_min', actual, params: { limit } };
  if (e.keyword === 'maximum' && limit !== undefined) return { code: 'value.above_max', actual, params: { limit } };
  return { code: 'value.not_valid', actual, params: {} };
}

/** Checks one cell: null when fine (or empty / not applicable), else the first issue. */
export function checkValue(v: CellValue, ind: Pick<Indicator, 'kind' | 'gross'>): ValueIssue | null {
  if (v.state === 'invalid') {
    return { code: 'value.unreadable', params: { raw: v.raw, reasonCode: v.error ?? 'parse.not_a_number' } };
  }
  if (v.state !== 'value') return null;
  const validate = validators().get(ind.kind === 'percentage' && ind.gross ? 'percentage_gross' : ind.kind);
  if (!validate) return null;
  const data = v.n2 === undefined ? { n: v.n } : { n: v.n, n2: v.n2 };
  if (validate(data)) return null;
  return issueFrom(validate.errors![0], v);
}
