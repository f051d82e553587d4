// How an order's ticket lines are worded: the seat from its parts in the
// window's language, and what the print log holds of it.

import type { Seat_Serialize, TicketLine_Serialize } from "../../bindings";
import type { Translator } from "../../i18n";

type TicketLine = TicketLine_Serialize;

export function seatWords(t: Translator["t"], seat: Seat_Serialize): string {
  const parts: string[] = [];
  if (seat.section) parts.push(t("seat.section", { section: seat.section }));
  if (seat.admission) parts.push(t("seat.admission"));
  else {
    if (seat.row) parts.push(t("seat.row", { row: seat.row }));
    if (seat.place) parts.push(t("seat.place", { place: seat.place }));
  }
  // Russian words the parts in lower case ("ряд 5, место 11"); the line starts with a capital.
  const line = parts.join(", ");
  return line ? line.charAt(0).toUpperCase() + line.slice(1) : t("common.none");
}

/** "—" never printed, "Printed", "Printed + 2 reprints". */
export function copiesWords(t: Translator["t"], copies: number): string {
  if (copies <= 0) return t("common.none");
  if (copies === 1) return t("copies.printed");
  return t("copies.reprinted", { count: copies - 1 });
}

/** Afisha's ORDER attachment: one form for the whole order, not one per ticket. */
export function isOrderForm(view: { platform: string; attachment: string }): boolean {
  return view.platform === "afisha" && view.attachment === "ORDER";
}

/** Whether anything of the order was printed before, so Reprint applies. */
export function hasPrinted(view: { platform: string; attachment: string; formCopies: number; tickets: TicketLine[] }): boolean {
  return isOrderForm(view) ? view.formCopies > 0 : view.tickets.some((x) => x.copies > 0);
}
