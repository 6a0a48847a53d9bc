/**
 * A part of the screen that is not in the first load: `load()` fetches it once (again after a failure),
 * `value` is null until then. App.svelte loads the find bar right after the screen is drawn, the print view
 * when the browser is first idle (or at once on 打印 / Ctrl+P), and the first screen's explanation while
 * it is still to be shown.
 */
export class OnDemand<T> {
  value = $state<T | null>(null);
  #loading: Promise<T> | undefined;

  constructor(private readonly loader: () => Promise<T>) {}

  load(): Promise<T> {
    this.#loading ??= this.loader().then(
      (v) => (this.value = v),
      (e: unknown) => {
        this.#loading = undefined;
        throw e;
      },
    );
    return this.#loading;
  }
}
