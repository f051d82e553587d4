// An error as the cashier reads it: what to do, from the catalogue, first;
// the backend's own sentence only when asked for (support reads that) —
// but open at once where it says what the catalogue cannot: which counter
// printed or completes the order, when and by whom, or why the site cannot
// be used and what waits for it.

import type { JSX } from "preact";

import type { ErrorCode } from "../bindings";
import { useT, type Translator } from "../i18n";
import { codeOf } from "../ipc";

const SAID_AS_GIVEN: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["already-printed", "completing-elsewhere", "site-unavailable", "site-problem"]);

export function errorMessage(t: Translator["t"], error: unknown): string {
  const code = codeOf(error);
  return code ? t(`errors.${code}`) : t("errors.unexpected");
}

/** Whether the backend's sentence is shown open rather than folded away. */
export function saidAsGiven(error: unknown): boolean {
  const code = codeOf(error);
  return code !== null && SAID_AS_GIVEN.has(code);
}

export function ErrorNote({ error, id }: { error: unknown; id?: string }): JSX.Element {
  const { t } = useT();
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div class="error" role="alert" id={id}>
      <p class="error-message">{errorMessage(t, error)}</p>
      <Details text={detail} open={saidAsGiven(error)} />
    </div>
  );
}

/** The backend's English text, folded away unless `open`. */
export function Details({ text, open }: { text: string | null | undefined; open?: boolean }): JSX.Element | null {
  const { t } = useT();
  if (!text) return null;
  return (
    <details class="error-details" open={open}>
      <summary>{t("common.details")}</summary>
      <p>{text}</p>
    </details>
  );
}
