// An error as the cashier reads it: what to do, from the catalogue, first;
// the backend's own sentence only when asked for (support reads that).

import type { JSX } from "preact";

import { useT, type Translator } from "../i18n";
import { codeOf } from "../ipc";

export function errorMessage(t: Translator["t"], error: unknown): string {
  const code = codeOf(error);
  return code ? t(`errors.${code}`) : t("errors.unexpected");
}

export function ErrorNote({ error, id }: { error: unknown; id?: string }): JSX.Element {
  const { t } = useT();
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div class="error" role="alert" id={id}>
      <p class="error-message">{errorMessage(t, error)}</p>
      <Details text={detail} />
    </div>
  );
}

/** The backend's English text, folded away. */
export function Details({ text }: { text: string | null | undefined }): JSX.Element | null {
  const { t } = useT();
  if (!text) return null;
  return (
    <details class="error-details">
      <summary>{t("common.details")}</summary>
      <p>{text}</p>
    </details>
  );
}
