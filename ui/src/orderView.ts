// The order panel: what the cashier reads back to the customer before
// completing or printing.

import type { OrderView } from "./api";
import { h } from "./dom";
import { platformLabel, statusLabel, statusTone } from "./format";

function fact(label: string, value: string | null | undefined): HTMLElement | null {
  if (!value) return null;
  return h("div", { class: "fact" }, h("dt", {}, label), h("dd", {}, value));
}

const TICKET_STATE: Record<OrderView["tickets"][number]["state"], string> = {
  valid: "",
  refunded: "Refunded",
  failed: "Not sold",
};

export function renderOrder(view: OrderView): HTMLElement {
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
      fact("Platform", platformLabel(o.platform)),
      fact("Customer", view.customer),
      fact("Total", view.total),
    ),
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
  );
}
