/**
 * The cross-field rule engine: rule files, the compiled plan and the validator.
 *
 * For a workbook: `loadRuleFile(json, catalog)` → `compileRules(file, workbook)` → `validateAll()`, then
 * `update(changedKeys)` after each edit (after `workbook.apply`).
 * Without a workbook (the benchmark): `new Slots(cells)` + `setValue`/`setState`, a `PlanBuilder(RULE_KINDS)`
 * fed with slot numbers (`add(kindIndex('balance'), ruleIndex, 0, [total, ...parts])`), `build(slots)`,
 * `plan.evaluateAll()`, and after writing a slot `plan.update([slot])`; the validator runs the same plan.
 */
export * from './types.ts';
export { compileRules, Validator } from './validator.ts';
export { loadRuleFile, ruleFileIssues } from './load.ts';
export { RULE_KINDS, KIND_BY_NAME } from './registry.ts';
export { PlanBuilder, Plan, PASSED, FAILED, NC_MISSING, NC_INVALID, NC_NA, NC_DIV0, NC_NO_PREVIOUS, SKIPPED, F_MISSING_AS_ZERO } from './plan.ts';
export { Slots, ST_VALUE, ST_EMPTY, ST_NA, ST_INVALID, ST_ABSENT } from './slots.ts';
export { linearFlags } from './linear.ts';
export { checkValue, valueSchema } from './values.ts';
export { rollupKind, rollupSpecs, rollupRuleId, deriveAll, deriveFor, isDerivedCell, ADDITIVE_KINDS, type RollupKind, type RollupSpec, type RollupRule } from './rollup.ts';
