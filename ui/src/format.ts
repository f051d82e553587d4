// Words the counter shows for the backend's enums. Dates and money arrive
// already formatted in the venue's zone and locale from the backend.

import type { OrderSummary } from "./api";

type Status = OrderSummary["status"];

const STATUS: Record<Status, { label: string; tone: "ok" | "wait" | "bad" | "info" }> = {
  created: { label: "Created", tone: "info" },
  reserved: { label: "Reserved", tone: "info" },
  booked: { label: "Booked, pay at counter", tone: "wait" },
  inProgress: { label: "To complete", tone: "wait" },
  pending: { label: "Completing…", tone: "wait" },
  completed: { label: "Sold", tone: "ok" },
  partial: { label: "Partly sold", tone: "bad" },
  failed: { label: "Failed", tone: "bad" },
  cancelled: { label: "Cancelled", tone: "bad" },
  unknown: { label: "Unknown", tone: "info" },
};

export function statusLabel(s: Status): string {
  return STATUS[s].label;
}

export function statusTone(s: Status): string {
  return STATUS[s].tone;
}

const PLATFORM: Record<OrderSummary["platform"], string> = {
  vista: "Vista",
  paciolan: "Paciolan",
  afisha: "Afisha",
};

export function platformLabel(p: OrderSummary["platform"]): string {
  return PLATFORM[p];
}

/// The list's badge: a completion that needs a person, or is still running,
/// speaks louder than the order's own status.
export function rowBadge(o: OrderSummary): { label: string; tone: string } {
  switch (o.completion) {
    case "needsAttention":
      return { label: "Needs attention", tone: "bad" };
    case "intent":
    case "sending":
    case "pending":
    case "unknown":
      return { label: "Completing…", tone: "wait" };
    default:
      return { label: statusLabel(o.status), tone: statusTone(o.status) };
  }
}
