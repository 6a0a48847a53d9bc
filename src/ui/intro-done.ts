/** Whether the first screen's explanation (Intro.svelte) has been used or dismissed: remembered in localStorage. */
const INTRO_DONE = 'edu-stats:intro-done';

export function introDone(): boolean {
  try {
    return localStorage.getItem(INTRO_DONE) === '1';
  } catch {
    return false;
  }
}

export function rememberIntroDone(): void {
  try {
    localStorage.setItem(INTRO_DONE, '1');
  } catch {
    // storage blocked: it shows again next time
  }
}
