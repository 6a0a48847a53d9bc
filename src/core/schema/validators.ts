/**
 * The schema validators the app and the CLI use: compiled at build time (scripts/gen-validators.ts),
 * so nothing compiles schemas at run time and the ajv compiler is not in the app's bundle. They report
 * the same ajv errors as a compiled schema (formatSchemaErrors reads them). The workbook file's
 * validator is in workbook-validator.ts: only exports, imports and the first start need it.
 */
import type { ValidateFunction } from 'ajv';
import * as gen from './validators.gen.js';
import { VALUE_SCHEMAS } from './value-schemas.ts';

export const validateCatalogFile: ValidateFunction = gen.catalog;
export const validateRuleFile: ValidateFunction = gen.rules;

/** One validator per value kind (and percentage_gross), for the per-value checks. */
export const valueValidators: Record<string, ValidateFunction> = Object.fromEntries(
  Object.keys(VALUE_SCHEMAS).map((k) => [k, (gen as unknown as Record<string, ValidateFunction>)[`value_${k}`]]),
);
