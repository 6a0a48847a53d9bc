import type { RuleKind } from './plan.ts';
import type { RuleKindName } from './types.ts';
import { balance } from './balance.ts';
import { ratio } from './ratio.ts';
import { share } from './share.ts';
import { split } from './split.ts';
import { order } from './order.ts';
import { range } from './range.ts';
import { previous } from './previous.ts';
import { linear } from './linear.ts';
import { plausible } from './plausible.ts';

/** Every rule kind; adding a kind is one new file and one line here. */
export const RULE_KINDS: readonly RuleKind[] = [balance, ratio, share, split, order, range, previous, linear, plausible] as RuleKind[];

export const KIND_BY_NAME: ReadonlyMap<RuleKindName, RuleKind> = new Map(RULE_KINDS.map((k) => [k.name as RuleKindName, k]));
