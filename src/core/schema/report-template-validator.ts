/** The report template schema's validator, compiled at build time (see validators.ts), in its own module. */
import type { ValidateFunction } from 'ajv';
import * as gen from './report-template-validator.gen.js';

export const validateReportTemplateFile: ValidateFunction = gen.reportTemplate;
