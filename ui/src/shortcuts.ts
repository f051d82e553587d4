// The counter's keys. A component registers what a key does while it shows,
// on a layer (app < screen < dialog): the highest layer wins, the newest
// within it, so a dialog's Escape beats the screen's and the screen's the
// app's whatever order they mounted in; while a dialog shows, only its keys
// work. The app's one keydown listener dispatches. Letters are read from the
// physical key, so Ctrl+M works on a Russian layout too.

import { useEffect, useRef } from "preact/hooks";

export type Shortcut = "F2" | "F3" | "F4" | "F5" | "F6" | "F8" | "Escape" | "Ctrl+," | "Ctrl+M";

export const Layer = { App: 0, Screen: 1, Dialog: 2 } as const;
export type Layer = (typeof Layer)[keyof typeof Layer];

interface Registration {
  key: Shortcut;
  layer: Layer;
  run: { current: () => void };
}

const registered: Registration[] = [];

function shortcutOf(e: KeyboardEvent): Shortcut | null {
  if (e.ctrlKey && !e.altKey && !e.metaKey) {
    if (e.code === "Comma") return "Ctrl+,";
    if (e.code === "KeyM") return "Ctrl+M";
    return null;
  }
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  switch (e.key) {
    case "F2":
    case "F3":
    case "F4":
    case "F5":
    case "F6":
    case "F8":
    case "Escape":
      return e.key;
    default:
      return null;
  }
}

/** Runs the newest handler for the event's shortcut; true when it was one. */
export function dispatch(e: KeyboardEvent): boolean {
  const key = shortcutOf(e);
  if (!key) return false;
  // Function keys are the counter's: never the web view's find or reload.
  e.preventDefault();
  // While a dialog is open only its own keys work: F4 must not print behind it.
  const modal = registered.some((r) => r.layer === Layer.Dialog);
  let best: Registration | undefined;
  for (const r of registered) {
    if (r.key !== key || (modal && r.layer !== Layer.Dialog)) continue;
    if (!best || r.layer >= best.layer) best = r;
  }
  best?.run.current();
  return true;
}

/** While mounted and `handler` is set, `key` runs it. */
export function useShortcut(key: Shortcut, handler: (() => void) | null, layer: Layer = Layer.Screen): void {
  const run = useRef<() => void>(() => undefined);
  run.current = handler ?? (() => undefined);
  const active = handler !== null;
  useEffect(() => {
    if (!active) return;
    const r: Registration = { key, layer, run };
    registered.push(r);
    return () => {
      const i = registered.indexOf(r);
      if (i >= 0) registered.splice(i, 1);
    };
  }, [key, active, layer]);
}
