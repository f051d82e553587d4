// The window's one keyboard listener: shortcuts first, then, on the
// counter, any key typed outside a field goes to the scan field (a scanner
// is a keyboard that types fast; no scan may be lost to a focused button).
// Escape leads back to the counter, Ctrl+, to settings, Ctrl+M (managers)
// to the print log; screens and dialogs register their own keys above these.

import { useEffect } from "preact/hooks";

import { Layer, dispatch, useShortcut } from "../shortcuts";
import { focusScan, isTypingTarget } from "../ui/focus";
import type { Operator, Screen } from "./context";

export function useKeyboard(screen: Screen, operator: Operator | null, go: (to: Screen) => void): void {
  useShortcut("Escape", operator ? () => go("counter") : null, Layer.App);
  useShortcut("Ctrl+,", operator ? () => go("settings") : null, Layer.App);
  useShortcut("Ctrl+M", operator?.role === "manager" ? () => go("manager") : null, Layer.App);

  const counter = screen === "counter" && operator !== null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dispatch(e)) return;
      if (!counter || e.key.length !== 1 || e.ctrlKey || e.altKey || e.metaKey) return;
      const dialog = document.querySelector('[aria-modal="true"]') !== null;
      if (!dialog && !isTypingTarget(e.target)) document.getElementById("scan")?.focus();
    };
    const onFocus = () => {
      if (counter) focusScan();
    };
    document.addEventListener("keydown", onKey);
    window.addEventListener("focus", onFocus);
    return () => {
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("focus", onFocus);
    };
  }, [counter]);
}
