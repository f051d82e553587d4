// The order panel: what the cashier reads back to the customer, and the
// actions that apply to this order (complete, ask Afisha, save the PDF).

import type { OrderView } from "./api";
import { h } from "./dom";
import { platformLabel, statusLabel, statusTone } from "./format";

export interface OrderActions {
  complete(): void;
  refresh(): void;
  savePdf(stock: string): void;
}

function fact(label: string, value: string | null | undefined): HTMLElement | null {
  if (!value) return null;
  return h("div", { class: "fact" }, h("dt", {}, label), h("dd", {}, value));
}

const TICKET_STATE: Record<OrderView["tickets"][number]["state"], string> = {
  valid: "",
  refunded: "Refunded",
  failed: "Not sold",
};

const COMPLETION_TONE: Record<string, string> = {
  completed: "ok",
  partial: "bad",
  failed: "bad",
  needsAttention: "bad",
  abandoned: "info",
};

/// "12:04" left before an in-progress order lapses, or null once it has.
export function timeLeft(expiresAt: string, now: Date = new Date()): string | null {
  const ms = Date.parse(expiresAt) - now.getTime();
  if (!(ms > 0)) return null;
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function expiry(view: OrderView): HTMLElement | null {
  if (!view.expiresAt) return null;
  const el = h("p", { class: "expiry", "data-expires": view.expiresAt });
  const tick = () => {
    const left = timeLeft(view.expiresAt ?? "");
    el.textContent = left
      ? `The order is held for ${left} more; complete it before then.`
      : "The order's hold has expired; Vista may refuse to complete it.";
    if (left && el.isConnected) setTimeout(tick, 1000);
  };
  tick();
  setTimeout(tick, 1000);
  return el;
}

export function renderOrder(view: OrderView, actions: OrderActions, stocks: string[]): HTMLElement {
  const o = view.order;
  const title = o.event?.name ?? "Order";
  const rating = o.event?.rating ? ` (${o.event.rating})` : "";
  const venue = o.venue ? [o.venue.name, o.venue.hallName].filter(Boolean).join(" — ") : null;
  const tickets = view.tickets.map((t) =>
    h(
      "tr",
      { class: t.printable ? "ticket" : "ticket muted", "data-ticket": t.id },
      h("td", {}, t.seat),
      h("td", {}, t.category ?? ""),
      h("td", { class: "num" }, t.price ?? ""),
      h("td", {}, TICKET_STATE[t.state]),
    ),
  );
  const c = view.completion;
  const stock = h("select", { id: "stock", "aria-label": "Ticket stock" }, stocks.map((s) => h("option", { value: s }, s)));
  const buttons = h(
    "div",
    { class: "actions" },
    view.canComplete
      ? h("button", { id: "complete", class: "primary", onclick: () => actions.complete() }, `Complete on ${platformLabel(o.platform)}`)
      : null,
    view.canRefresh
      ? h("button", { id: "refresh", onclick: () => actions.refresh() }, `Check with ${platformLabel(o.platform)}`)
      : null,
    view.printableCount > 0 ? stock : null,
    view.printableCount > 0
      ? h("button", { id: "save-pdf", onclick: () => actions.savePdf(stock.value) }, "Save tickets as PDF")
      : null,
  );
  return h(
    "article",
    { class: "order", "data-order": `${o.platform}:${o.id}` },
    h(
      "header",
      {},
      h("h2", {}, title + rating),
      h("span", { class: `badge ${statusTone(o.status)}` }, statusLabel(o.status)),
    ),
    h(
      "dl",
      { class: "facts" },
      fact("Session", view.session),
      fact("Venue", venue),
      fact("Order", o.ids.orderNumber ?? o.id),
      fact("Code word", o.ids.codeWord),
      fact("Collection no.", o.ids.transactionNumber),
      fact("Order type", o.orderType),
      fact("Platform", platformLabel(o.platform)),
      fact("Customer", view.customer),
      fact("Total", view.total),
    ),
    expiry(view),
    c && c.message
      ? h(
          "div",
          { class: `completion ${COMPLETION_TONE[c.state] ?? "wait"}`, role: "status", id: "completion" },
          h("p", {}, c.message),
          h("p", { class: "hint" }, `Request-ID ${c.requestId}`),
        )
      : null,
    o.partnerComment ? h("p", { class: "note" }, o.partnerComment) : null,
    h(
      "table",
      { class: "tickets" },
      h(
        "thead",
        {},
        h("tr", {}, h("th", {}, "Seat"), h("th", {}, "Category"), h("th", {}, "Price"), h("th", {}, "")),
      ),
      h("tbody", {}, tickets),
    ),
    h(
      "p",
      { class: "printable" },
      view.printableCount > 0
        ? `${view.printableCount} ticket(s) can be printed.`
        : "Nothing to print for this order yet.",
    ),
    buttons,
    h("p", { class: "action-result", role: "status", id: "action-result" }),
  );
}
