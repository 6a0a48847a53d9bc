import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FAILED, NC_MISSING, NC_NA, PASSED, PlanBuilder, RULE_KINDS, Slots, ST_EMPTY, ST_NA, linearFlags } from '../../../src/core/rules/index.ts';

/** The plan driven by slot numbers only (the benchmark's entry point), checked against a plain reference. */
type Cell = { state: 'value' | 'empty' | 'na'; n: number; half: number };
const cell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ state: fc.constant('value' as const), n: fc.integer({ min: 0, max: 20 }), half: fc.constantFrom(0, 0, 0.5, 2) }) },
  { weight: 1, arbitrary: fc.constant({ state: 'empty' as const, n: 0, half: 0 }) },
  { weight: 1, arbitrary: fc.constant({ state: 'na' as const, n: 0, half: 0 }) },
);

function load(cells: Cell[]): Slots {
  const s = new Slots(cells.length);
  cells.forEach((c, i) => set(s, i, c));
  return s;
}
function set(s: Slots, i: number, c: Cell) {
  if (c.state === 'value') s.setValue(i, c.n, c.n - c.half, c.n + c.half);
  else s.setState(i, c.state === 'na' ? ST_NA : ST_EMPTY);
}

/** Reference balance: states first, then interval intersection, written plainly. */
function refBalance(cells: Cell[], ops: number[]): number {
  const used = ops.map((o) => cells[o]);
  if (used.some((c) => c.state === 'empty')) return NC_MISSING;
  const lo = (c: Cell) => (c.state === 'na' ? 0 : c.n - c.half);
  const hi = (c: Cell) => (c.state === 'na' ? 0 : c.n + c.half);
  const [t, ...parts] = used;
  const sl = parts.reduce((x, c) => x + lo(c), 0);
  const sh = parts.reduce((x, c) => x + hi(c), 0);
  return sl <= hi(t) && lo(t) <= sh ? PASSED : FAILED;
}

const SIZE = 30;
const instance = fc.array(fc.integer({ min: 0, max: SIZE - 1 }), { minLength: 2, maxLength: 6 });

describe('plan built from slot numbers', () => {
  it('balance outcomes equal a plain reference, and updates equal a full pass', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: SIZE, maxLength: SIZE }),
        fc.array(instance, { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: SIZE - 1 }), cell), { maxLength: 10 }),
        (cells, instances, edits) => {
          const slots = load(cells);
          const b = new PlanBuilder(RULE_KINDS);
          const k = b.kindIndex('balance');
          instances.forEach((ops, r) => b.add(k, r, 0, ops));
          const plan = b.build(slots);
          plan.evaluateAll();
          expect(Array.from(plan.plans[k].outcome)).toEqual(instances.map((ops) => refBalance(cells, ops)));
          for (const [slot, c] of edits) {
            cells[slot] = c;
            set(slots, slot, c);
            plan.update([slot]);
            expect(Array.from(plan.plans[k].outcome)).toEqual(instances.map((ops) => refBalance(cells, ops)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports the re-evaluated instances with their previous outcomes', () => {
    const slots = new Slots(4);
    [3, 1, 2, 5].forEach((n, i) => slots.setValue(i, n));
    const b = new PlanBuilder(RULE_KINDS);
    b.add(b.kindIndex('balance'), 0, 0, [0, 1, 2]);
    b.add(b.kindIndex('linear'), 1, 0, [3, 0], 0, 2, linearFlags('='), [1, -1]);
    b.add(b.kindIndex('ratio'), 2, 0, [3, 3, 0]);
    const plan = b.build(slots);
    plan.evaluateAll();
    // global ids follow the registry's kind order: balance (0), ratio (1), linear (2)
    expect([0, 1, 2].map((g) => plan.outcome(g))).toEqual([PASSED, FAILED, PASSED]);
    slots.setValue(0, 4);
    expect(plan.update([0])).toBe(3);
    expect(Array.from(plan.touched.subarray(0, 3)).sort()).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((g) => plan.before[Array.from(plan.touched.subarray(0, 3)).indexOf(g)])).toEqual([PASSED, FAILED, PASSED]);
    expect([0, 1, 2].map((g) => plan.outcome(g))).toEqual([FAILED, FAILED, FAILED]);
    slots.setState(3, ST_NA);
    expect(plan.update([3])).toBe(2);
    // na counts as 0 in a linear sum (0 − 4 ≠ 2) and makes a ratio not applicable
    expect([1, 2].map((g) => plan.outcome(g))).toEqual([NC_NA, FAILED]);
  });
});

describe('PlanBuilder.addRange (every unit\'s instances from the city\'s template, without copying)', () => {
  it('gives the same plan as add() with the range cut out and shifted, for every kind (coef, term and their defaults), with or without room reserved', () => {
    const instance = fc.record({
      kind: fc.nat({ max: RULE_KINDS.length - 1 }),
      rule: fc.nat({ max: 50 }),
      period: fc.nat({ max: 4 }),
      ops: fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 6 }),
      lead: fc.array(fc.nat({ max: 40 }), { maxLength: 3 }),
      shift: fc.nat({ max: 1000 }),
      p0: fc.integer({ min: -5, max: 5 }),
      flags: fc.nat({ max: 7 }),
      withCoef: fc.boolean(),
      reserve: fc.option(fc.tuple(fc.nat({ max: 4 }), fc.nat({ max: 30 }))),
    });
    fc.assert(
      fc.property(fc.array(instance, { maxLength: 12 }), (list) => {
        const a = new PlanBuilder(RULE_KINDS);
        const b = new PlanBuilder(RULE_KINDS);
        for (const x of list) {
          // the template's ops sit after others in one shared array (as the validator's opsAll)
          const all = [...x.lead, ...x.ops];
          const coef = all.map((_, j) => j + 0.5);
          const term = all.map((_, j) => 7 - j);
          const from = x.lead.length;
          const cut = (arr: number[]) => arr.slice(from);
          a.add(x.kind, x.rule, x.period, x.ops.map((o) => o + x.shift), x.p0, 0, x.flags, x.withCoef ? cut(coef) : undefined, x.withCoef ? cut(term) : undefined);
          // room made first (exactly, too little or too much) changes nothing
          if (x.reserve) b.reserve(x.kind, x.reserve[0], x.reserve[1]);
          b.addRange(x.kind, x.rule, x.period, all, from, all.length, x.shift, x.p0, 0, x.flags, x.withCoef ? coef : undefined, x.withCoef ? term : undefined);
        }
        const plain = (p: ReturnType<PlanBuilder['build']>) => p.plans.map((k) => ({ ...k }));
        expect(plain(b.build(new Slots(1100)))).toEqual(plain(a.build(new Slots(1100))));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the reverse index (built on first use)', () => {
  it('lists each instance under every slot it reads, and nothing else; index() gives the same arrays as revStart/revItems', () => {
    const instance = fc.record({ kind: fc.nat({ max: RULE_KINDS.length - 1 }), ops: fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(instance, { maxLength: 15 }), (list) => {
        const b = new PlanBuilder(RULE_KINDS);
        list.forEach((x, r) => b.add(x.kind, r, 0, x.ops));
        const plan = b.build(new Slots(31));
        // expected: per slot, the global ids of the instances reading it, once per read
        const want: number[][] = Array.from({ length: 31 }, () => []);
        plan.plans.forEach((p, k) => {
          for (let i = 0; i < p.size; i++) for (let j = p.start[i]; j < p.start[i + 1]; j++) want[p.ops[j]].push(plan.base[k] + i);
        });
        const { start, items } = plan.index();
        expect(plan.revStart).toBe(start);
        expect(plan.revItems).toBe(items);
        const got = want.map((_, s) => [...items.subarray(start[s], start[s + 1])].sort((x, y) => x - y));
        expect(got).toEqual(want.map((w) => [...w].sort((x, y) => x - y)));
      }),
      { numRuns: 200 },
    );
  });
});
