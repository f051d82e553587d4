// The order's state as one coloured word. A completion that needs a person,
// or is still running, speaks louder than the order's own status.

import type { JSX } from "preact";

import type { CompletionState, OrderStatus } from "../bindings";
import { useT, type Key } from "../i18n";

export type Tone = "ok" | "wait" | "bad" | "info";

const STATUS: Record<OrderStatus, Tone> = {
  created: "info",
  reserved: "info",
  booked: "wait",
  inProgress: "wait",
  pending: "wait",
  completed: "ok",
  partial: "bad",
  failed: "bad",
  cancelled: "bad",
  unknown: "info",
};

export const COMPLETION_TONE: Record<CompletionState, Tone> = {
  intent: "wait",
  sending: "wait",
  pending: "wait",
  unknown: "wait",
  completed: "ok",
  partial: "bad",
  failed: "bad",
  needsAttention: "bad",
  abandoned: "info",
};

/** Completion states that say more than the order's status does. */
const LOUDER: ReadonlySet<CompletionState> = new Set(["intent", "sending", "pending", "unknown", "needsAttention"]);

export function badge(status: OrderStatus, completion: CompletionState | null): { key: Key; tone: Tone } {
  if (completion && LOUDER.has(completion)) {
    return { key: `completion.badge.${completion}`, tone: COMPLETION_TONE[completion] };
  }
  return { key: `status.${status}`, tone: STATUS[status] };
}

export function StatusBadge(p: { status: OrderStatus; completion: CompletionState | null }): JSX.Element {
  const { t } = useT();
  const b = badge(p.status, p.completion);
  return <span class={`badge ${b.tone}`}>{t(b.key)}</span>;
}
