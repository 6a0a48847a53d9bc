/**
 * A part of the screen that is not in the first load: `load()` fetches it once (again after a failure),
 * `value` is null until then. App.svelte loads the print view and the find bar when the browser is first
 * idle after the screen is drawn, or at once when the user asks for them (打印, Ctrl+P, Ctrl+F).
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
