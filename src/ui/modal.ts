/**
 * Opens a native `<dialog>` as a real modal: showModal() makes everything behind it inert, moves focus in
 * and keeps it in. Call from onMount and return the result: when the dialog goes away, the focus is given
 * back to the element that had it before (the opener) — unless something else (an editor the caller's
 * action opened) has it by then.
 */
export function openModal(dialog: HTMLDialogElement): () => void {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  dialog.showModal();
  return () => {
    if (dialog.open) dialog.close();
    const now = document.activeElement;
    if (opener?.isConnected && (now === document.body || now === null || !now.isConnected)) opener.focus();
  };
}
