/** An error as the user is told it: its name and message. */
export function reasonOf(e: unknown): string {
  return e instanceof Error || e instanceof DOMException ? `${e.name}: ${e.message}` : String(e);
}
