// Signs the operator out after the till's idle minutes without keyboard or
// mouse input, so a counter left alone does not stay open under their name.
// The backend enforces the same limit on every command.

import { useEffect } from "preact/hooks";

const ACTIVITY = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;
const CHECK_MS = 5000;

export function useIdleLock(minutes: number, lock: (() => void) | null): void {
  useEffect(() => {
    if (!lock || minutes <= 0) return;
    let last = Date.now();
    const seen = () => {
      last = Date.now();
    };
    for (const kind of ACTIVITY) window.addEventListener(kind, seen, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - last < minutes * 60_000) return;
      // Once: the sign-out takes a moment, and the next check must not repeat it.
      clearInterval(timer);
      lock();
    }, CHECK_MS);
    return () => {
      clearInterval(timer);
      for (const kind of ACTIVITY) window.removeEventListener(kind, seen, { capture: true });
    };
  }, [minutes, lock]);
}
