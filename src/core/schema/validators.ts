/**
 * The data file validators (catalog, rules): compiled at build time (scripts/gen-validators.ts), so
 * nothing compiles schemas at run time. They report the same ajv errors as a compiled schema
 * (formatSchemaErrors reads them). The app does not load them: the bundled catalog and rule set are
 * checked against their schemas when the app is built (scripts/bundled-data.ts); the per-value
 * validators are in value-validators.ts, the workbook file's in workbook-validator.ts.
 */
import type { ValidateFunction } from 'ajv';
import * as gen from './validators.gen.js';

export const validateCatalogFile: ValidateFunction = gen.catalog;
export const validateRuleFile: ValidateFunction = gen.rules;
