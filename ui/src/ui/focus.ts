// The scan field takes the focus back after anything on the counter: the
// next scan must never be lost to a button that kept it.

export function focusScan(): void {
  // After the render that may have just put the field back on screen.
  setTimeout(() => {
    const field = document.getElementById("scan");
    if (field instanceof HTMLInputElement && document.activeElement !== field) field.focus();
  }, 0);
}

/** Whether keys typed into `target` belong there rather than to the scan field. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}
