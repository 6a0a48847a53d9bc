import { startApp } from './app.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
startApp({ target }).then(
  (app) => {
    (window as unknown as { __app?: unknown }).__app = app;
    console.info(`workbook open in ${app.openMs.toFixed(0)} ms`);
  },
  (e: unknown) => {
    // The one place an unexpected failure reaches the user.
    target.textContent = `无法打开工作簿 / Cannot open the workbook: ${e instanceof Error ? e.message : String(e)}`;
  },
);
