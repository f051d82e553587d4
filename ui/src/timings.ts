// Marks the end-to-end test reads to time the returning-customer path
// (scan's Enter → order shown → F4 → print returned), as
// `window.__boxOffice.timings`.

interface Timings {
  enter?: number;
  opened?: number;
  printKey?: number;
  printDone?: number;
  acceptedAfterMs?: number;
}

declare global {
  interface Window {
    __boxOffice?: { timings: Timings };
  }
}

function timings(): Timings {
  window.__boxOffice ??= { timings: {} };
  return window.__boxOffice.timings;
}

export function mark(name: Exclude<keyof Timings, "acceptedAfterMs">): void {
  timings()[name] = performance.now();
}

export function recordAccepted(ms: number): void {
  timings().acceptedAfterMs = ms;
}
