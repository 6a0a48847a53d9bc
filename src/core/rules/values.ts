import type { ErrorObject } from 'ajv';
import type { Indicator } from '../model/catalog.ts';
import type { CellValue } from '../model/value.ts';
import { VALUE_SCHEMAS as SCHEMAS } from '../schema/value-schemas.ts';
import { valueValidators } from '../schema/value-validators.ts';
import type { Params } from './types.ts';

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
  const validate = valueValidators[ind.kind === 'percentage' && ind.gross ? 'percentage_gross' : ind.kind];
  if (!validate) return null;
  const data = v.n2 === undefined ? { n: v.n } : { n: v.n, n2: v.n2 };
  if (validate(data)) return null;
  return issueFrom(validate.errors![0], v);
}
