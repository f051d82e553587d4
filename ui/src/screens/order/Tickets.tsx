// The order's tickets: where each sits, what it is, whether it can be
// printed, and how often it has been.

import type { JSX } from "preact";

import type { OrderView_Serialize } from "../../bindings";
import { useT } from "../../i18n";
import { Details } from "../../ui/ErrorNote";
import { copiesWords, isOrderForm, seatWords } from "./words";

export function Tickets({ view }: { view: OrderView_Serialize }): JSX.Element {
  const { t } = useT();
  return (
    <>
      {isOrderForm(view) && (
        <p class="form-copies">
          {t("order.formCopies")} <span class="copies">{copiesWords(t, view.formCopies)}</span>
        </p>
      )}
      <table class="tickets">
        <thead>
          <tr>
            <th scope="col">{t("ticket.seat")}</th>
            <th scope="col">{t("ticket.category")}</th>
            <th scope="col" class="num">{t("ticket.price")}</th>
            <th scope="col">{t("ticket.state")}</th>
            <th scope="col">{t("ticket.copies")}</th>
          </tr>
        </thead>
        <tbody>
          {view.tickets.map((x) => (
            <tr key={x.id} class={x.state === "valid" ? "ticket" : "ticket muted"} data-ticket={x.id}>
              <td>{seatWords(t, x.seat)}</td>
              <td>
                {x.category ?? ""}
                {x.symbology && <span class="barcode">{t("ticket.barcode", { type: t(`symbology.${x.symbology}`) })}</span>}
              </td>
              <td class="num price">{x.price ?? ""}</td>
              <td>
                {t(`ticket.state.${x.state}`)}
                {x.refusal && (
                  <div class="refusal">
                    <span class="error-message">{t("ticket.cannotPrint")}</span>
                    <Details text={x.refusal} />
                  </div>
                )}
              </td>
              <td class="copies">{copiesWords(t, x.copies)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="printable">
        {view.unprintedCount > 0
          ? t(isOrderForm(view) ? "order.formToPrint" : "order.toPrint", { count: view.unprintedCount })
          : t(view.printableCount > 0 ? "order.allPrinted" : "order.nothingToPrint")}
      </p>
    </>
  );
}
