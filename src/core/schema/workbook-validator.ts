/** The workbook file schema's validator, compiled at build time (see validators.ts), in its own module. */
import type { ValidateFunction } from 'ajv';
import * as gen from './workbook-validator.gen.js';

export const validateWorkbookFile: ValidateFunction = gen.workbook;
