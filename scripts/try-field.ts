import { readFileSync } from 'node:fs';
import { readFigures } from '../src/core/import/index.ts';
import { CATALOG } from '../src/core/data/catalog.ts';
const dir = '/work/wt/match/data/samples/field/';
const exp = JSON.parse(readFileSync(dir + 'expected.json', 'utf8'));
const ids = new Set(CATALOG.indicators.map((i) => i.id));
for (const f of exp.files) {
  const r = await readFigures(readFileSync(dir + f.file), f.file, CATALOG);
  console.log('==', f.file, r.periods, r.errors.map((e) => e.message.en));
  const got = new Map<number, any>();
  for (const m of r.mapping) for (const row of m.rows) got.set(row, m);
  for (const [row, e] of Object.entries(f.rows)) {
    const want = e && ids.has(e as string) ? e : null;
    const m = got.get(Number(row));
    const ok = (m?.indicatorId ?? null) === want;
    if (!ok) console.log(ok ? ' ' : 'X', row, m?.label, m?.unit, '→', m?.indicatorId, m?.how, 'want', want, JSON.stringify(m?.suggestions?.map((s: any) => s.indicatorId)));
  }
}
