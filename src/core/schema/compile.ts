/**
 * The ajv compiler, for build time and tests only (scripts/gen-validators.ts, schema tests): the app
 * validates with the precompiled validators in validators.ts, so the compiler stays out of its bundle.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Options } from 'ajv';

/**
 * A fresh Ajv for JSON Schema 2020-12 in strict mode, reporting every error. The app does not compile
 * at run time: scripts/gen-validators.ts compiles the schemas with this into validators.gen.js.
 */
export function createAjv(extra: Partial<Options> = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, ...extra });
  addFormats(ajv, ['date-time', 'date']);
  return ajv;
}
