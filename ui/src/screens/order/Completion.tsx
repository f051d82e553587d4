// A completion as it happens (#completion): sent, the platform working on
// it (how long since it left, how often it was asked), done with its
// collection number, partly sold, or failed / in doubt with what to do and
// the Request-ID support needs. An order in doubt is never offered
// "Complete" again: sending twice could sell twice. In site mode, another
// counter's completion of the order, as last heard (#completion-elsewhere).

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

import type { CompletionState, Elsewhere_Serialize, Entry_Serialize } from "../../bindings";
import { useT } from "../../i18n";
import { minutesSeconds } from "../../i18n/format";
import { COMPLETION_TONE } from "../../ui/StatusBadge";

interface Props {
  entry: Entry_Serialize | null;
  /** This window is completing it now (the entry may not be written yet). */
  ours: boolean;
  platform: string;
  collectionNumber: string | null;
}

const WAITING: ReadonlySet<CompletionState> = new Set(["intent", "sending", "pending", "unknown"]);
const FOR_SUPPORT: ReadonlySet<CompletionState> = new Set(["failed", "needsAttention", "unknown", "partial"]);

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

export function Completion({ entry, ours, platform, collectionNumber }: Props): JSX.Element | null {
  const { t } = useT();
  const state: CompletionState | null = entry?.state ?? (ours ? "sending" : null);
  const now = useNow(state !== null && WAITING.has(state));
  if (!state) return null;
  const tone = COMPLETION_TONE[state];
  const elapsed = entry?.sentAt ? minutesSeconds(now - Date.parse(entry.sentAt)) : null;

  function headline(s: CompletionState): string {
    if (s === "completed" && collectionNumber) return t("completion.completedNumber", { number: collectionNumber });
    return t(`completion.state.${s}`, { platform });
  }

  const technical = entry
    ? [
        entry.message,
        entry.httpStatus !== null ? t("completion.http", { status: String(entry.httpStatus) }) : null,
        entry.errorType ? t("completion.errorType", { type: entry.errorType }) : null,
        entry.errorCode ? t("completion.errorCode", { code: entry.errorCode }) : null,
        t("completion.attempts", { count: entry.attempts }),
      ].filter((x): x is string => Boolean(x))
    : [];

  return (
    <section id="completion" class={`completion ${tone}`} data-state={state} role="status" aria-live="polite">
      <p class="completion-headline">{headline(state)}</p>
      {state === "pending" && elapsed && (
        <p>{t("completion.pendingFor", { elapsed, count: entry?.polls ?? 0 })}</p>
      )}
      {(state === "sending" || state === "intent") && elapsed && <p>{t("completion.sentAgo", { elapsed })}</p>}
      {entry?.running && !ours && <p class="hint">{t("completion.elsewhere")}</p>}
      {entry && (
        <p class="request">
          {t("completion.requestId")} <code id="request-id">{entry.requestId}</code>
          {FOR_SUPPORT.has(state) && <span class="hint"> — {t("completion.giveSupport")}</span>}
        </p>
      )}
      {technical.length > 0 && (
        <details class="error-details">
          <summary>{t("common.details")}</summary>
          {technical.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </details>
      )}
    </section>
  );
}

/** Another counter's completion (site mode): its journal spells states in snake_case. */
export function Elsewhere({ there, platform }: { there: Elsewhere_Serialize; platform: string }): JSX.Element {
  const { t } = useT();
  const camel = there.state.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  const s = camel in COMPLETION_TONE ? (camel as CompletionState) : null;
  const p = { counter: there.counter, by: there.operator ? t("completion.there.by", { operator: there.operator }) : "" };
  const badge = s ? t(`completion.badge.${s}`) : there.state;
  const line =
    s === "completed"
      ? t("completion.there.completed", p)
      : s && WAITING.has(s)
        ? t("completion.there.live", { ...p, state: t(`completion.state.${s}`, { platform }) })
        : t("completion.there.other", { ...p, state: badge.charAt(0).toLowerCase() + badge.slice(1) });
  return (
    <p id="completion-elsewhere" class={`completion ${s ? COMPLETION_TONE[s] : "info"}`} data-state={there.state} role="status">
      {line}
    </p>
  );
}
