/**
 * One validator per value kind (and percentage_gross), for the per-value checks: compiled at build time
 * (scripts/gen-validators.ts → value-validators.gen.js), in a module of their own so that the app's
 * first load carries these small functions and not the data file validators.
 */
import type { ValidateFunction } from 'ajv';
import * as gen from './value-validators.gen.js';
import { VALUE_SCHEMAS } from './value-schemas.ts';

export const valueValidators: Record<string, ValidateFunction> = Object.fromEntries(
  Object.keys(VALUE_SCHEMAS).map((k) => [k, (gen as unknown as Record<string, ValidateFunction>)[`value_${k}`]]),
);
