/**
 * Per-value checks: what a single figure of a value kind must be, as JSON Schemas over `{ n, n2 }`.
 * Plausible bounds beyond these (a gross rate up to 150) are range rules. Compiled at build time with
 * the other schemas (scripts/gen-validators.ts → value-validators.gen.js).
 */
const nonNegative = { type: 'number', minimum: 0 };
export const VALUE_SCHEMAS: Record<string, object> = {
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
  // a change on last year may be negative (比上年减少55人 = −55); a figure cannot fall by more than all of it
  change: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
  growth: { type: 'object', properties: { n: { type: 'number', minimum: -100 } }, required: ['n'] },
};

