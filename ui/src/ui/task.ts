// One action of a screen (print, complete, save...): while it runs its own
// buttons are disabled and the progress line says what is happening; the
// rest of the window stays usable.

import { useRef, useState } from "preact/hooks";

import { useApp } from "../app/context";

interface Task<Name extends string> {
  running: Name | null;
  /** Runs `work` as `name`, unless `name` is already running (then undefined). */
  run<T>(name: Name, label: string, work: () => Promise<T>): Promise<T | undefined>;
}

export function useTask<Name extends string>(): Task<Name> {
  const app = useApp();
  const [running, setRunning] = useState<Name | null>(null);
  const current = useRef<Set<Name>>(new Set());
  return {
    running,
    async run(name, label, work) {
      // A double press (or key repeat) must not start a second print.
      if (current.current.has(name)) return undefined;
      current.current.add(name);
      setRunning(name);
      try {
        return await app.busy(label, work);
      } finally {
        current.current.delete(name);
        setRunning(current.current.size > 0 ? [...current.current][0] ?? null : null);
      }
    },
  };
}
