import { describe, expect, it } from 'vitest';
import { QUICK, runBench } from '../../../bench/run.ts';

describe('bench smoke run (tiny sizes)', () => {
  const res = runBench(QUICK);
  const names = res.figures.map((f) => f.name);

  it.each(['engine: full validation', 'engine: plan build', 'engine: one edit re-validated', 'engine: memory (slots + plan)', 'engine: full validation vs json-logic-js'])(
    'has the figure %s with a finite value',
    (name) => {
      const f = res.figures.find((x) => x.name === name);
      expect(f, name).toBeDefined();
      expect(Number.isFinite(f!.value)).toBe(true);
      if (f!.baseline !== undefined) expect(Number.isFinite(f!.baseline)).toBe(true);
    },
  );

  it('compares equal work: the engine finds as many failures as the floor, and some', () => {
    expect(res.engineFailures).toBeGreaterThan(0);
    expect(res.engineFailures).toBe(res.floorFailures);
  });

  it('lists the figures not measured as null, not as numbers', () => {
    expect(names).toContain('bundle size (gzip)');
    for (const f of res.figures) expect(f.value === null || Number.isFinite(f.value)).toBe(true);
  });
});
