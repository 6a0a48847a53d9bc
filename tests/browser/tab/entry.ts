import { startApp } from '../../../src/app.ts';
import { TEST_RULES } from '../helpers.ts';

/**
 * A second "tab" for the browser tests: the whole app in an iframe of the same origin, started in its
 * own JavaScript realm (its own globals, IndexedDB connection and BroadcastChannel), on the database
 * the parent names in `window.name`.
 */
const target = document.getElementById('app')!;
startApp({ target, dbName: window.name, rules: TEST_RULES }).then(
  (app) => {
    (window as unknown as { __app?: unknown }).__app = app;
  },
  (e: unknown) => {
    target.textContent = `failed: ${String(e)}`;
  },
);
