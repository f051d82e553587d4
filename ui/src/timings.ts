// What the end-to-end test reads from the window: marks timing the
// returning-customer path (scan's Enter → order shown → F4 → print
// returned) as `window.__boxOffice.timings`, and the script errors nobody
// caught as `window.__boxOffice.errors`, so a failed run says why.

interface Timings {
  enter?: number;
  opened?: number;
  printKey?: number;
  printDone?: number;
  acceptedAfterMs?: number;
  finishedAfterMs?: number;
}

declare global {
  interface Window {
    __boxOffice?: { timings: Timings; errors: string[] };
  }
}

function shared(): { timings: Timings; errors: string[] } {
  window.__boxOffice ??= { timings: {}, errors: [] };
  return window.__boxOffice;
}

function timings(): Timings {
  return shared().timings;
}

/** Keeps every uncaught error and rejected promise (at most 50). */
export function recordErrors(): void {
  const keep = (what: string, e: unknown): void => {
    const errors = shared().errors;
    if (errors.length < 50) errors.push(`${what}: ${e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e)}`);
  };
  window.addEventListener("error", (e) => keep("error", e.error ?? e.message));
  window.addEventListener("unhandledrejection", (e) => keep("unhandled rejection", e.reason));
}

export function mark(name: Exclude<keyof Timings, "acceptedAfterMs" | "finishedAfterMs">): void {
  timings()[name] = performance.now();
}

/** The print call's figures: CUPS accepted the job, and it ended. */
export function recordAccepted(acceptedMs: number, finishedMs: number): void {
  timings().acceptedAfterMs = acceptedMs;
  timings().finishedAfterMs = finishedMs;
}
