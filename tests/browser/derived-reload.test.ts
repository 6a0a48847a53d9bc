import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, freshDbName, mountApp, testId } from './helpers.ts';
import { addCounties, deriveCity, unitCell } from './units-helpers.ts';

afterEach(cleanup);

/**
 * A derived city over a county's approximate figure (约300): the city's cell says 约500, and after a reload
 * from IndexedDB it holds the same value (not an exact 500) and the same findings are shown.
 */
describe('a derived parent over an approximate figure, reloaded', () => {
  it('shows and stores 约N, and reads back the same value and findings', async () => {
    const dbName = freshDbName('derived-reload');
    const m = await mountApp({ dbName });
    const s = m.app.session;
    await addCounties(m);
    await deriveCity(m);

    await userEvent.click(await unitCell(m, 'schools_total', 'c441702'));
    await userEvent.keyboard('{F2}{Control>}a{/Control}约300{Enter}');
    await userEvent.click(await unitCell(m, 'schools_total', 'c441704'));
    await userEvent.keyboard('200{Enter}');
    expect(s.value('schools_total@2019#c441702').raw).toBe('约300');
    await expect.poll(() => s.value('schools_total@2019').raw).toBe('约500');
    await expect.poll(async () => (await unitCell(m, 'schools_total', 'city')).textContent).toBe('约500');
    const held = s.value('schools_total@2019');
    expect(held.lo!).toBeLessThan(500);
    await s.settled();
    const findings = s.findings.map((f) => [f.id, f.outcome]);

    await m.unmount();
    const b = await mountApp({ dbName });
    const r = b.app.session;
    await r.settled();
    expect(r.value('schools_total@2019')).toEqual(held);
    expect(r.findings.map((f) => [f.id, f.outcome])).toEqual(findings);
    await userEvent.selectOptions(testId(b, 'unit-view'), 'units');
    expect((await unitCell(b, 'schools_total', 'city')).textContent).toBe('约500');
  });
});
