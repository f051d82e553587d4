// The progress line: what the window is doing right now, announced to
// screen readers, so a slow platform never looks like a frozen till.

import type { JSX } from "preact";

import { useT } from "../i18n";

export interface Running {
  id: number;
  label: string;
}

export function Busy({ running }: { running: Running[] }): JSX.Element {
  const { t } = useT();
  const last = running[running.length - 1];
  return (
    <div id="busy" class={last ? "busy active" : "busy"} role="status" aria-live="polite" aria-busy={last ? "true" : "false"}>
      {last && (
        <>
          <span class="spinner" aria-hidden="true" />
          {last.label}
          {running.length > 1 && ` ${t("busy.more", { count: running.length - 1 })}`}
        </>
      )}
    </div>
  );
}
