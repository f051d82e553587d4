// The print log as a table: one row per print or reprint, newest first.

import type { JSX } from "preact";

import type { PrintRecord_Serialize, Stock } from "../../bindings";
import { useT } from "../../i18n";
import { logTime } from "../../i18n/format";

const STOCKS: ReadonlySet<string> = new Set<Stock>(["thermal-80", "boca", "a4", "letter"]);

export function PrintTable({ rows, workstation }: { rows: PrintRecord_Serialize[]; workstation: string }): JSX.Element {
  const { t, locale } = useT();
  return (
    <div class="table-scroll">
      <table class="print-log">
        <thead>
          <tr>
            <th scope="col">{t("log.time")}</th>
            <th scope="col">{t("log.orderNumber")}</th>
            <th scope="col">{t("log.ticket")}</th>
            <th scope="col">{t("log.printedBy")}</th>
            <th scope="col">{t("log.authorisedBy")}</th>
            <th scope="col">{t("log.workstation")}</th>
            <th scope="col">{t("log.target")}</th>
            <th scope="col">{t("log.stock")}</th>
            <th scope="col">{t("log.copy")}</th>
            <th scope="col">{t("log.reason")}</th>
            <th scope="col">{t("log.outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seq} class={r.reprint > 0 ? "print reprint" : "print"} data-seq={String(r.seq)}>
              <td>{logTime(r.at, locale)}</td>
              <td class="number">{r.orderNumber}</td>
              <td class={r.ticketId ? "number" : undefined}>{r.ticketId ?? t("log.orderForm")}</td>
              <td>{r.operatorName}</td>
              <td>{r.authorisedByName ?? ""}</td>
              <td class={r.workstation === workstation ? "this-till" : undefined}>{r.workstation}</td>
              <td>{r.target === "PDF" ? t("log.pdf") : r.target}</td>
              <td>{STOCKS.has(r.stock) ? t(`stock.${r.stock as Stock}`) : r.stock}</td>
              <td>{r.reprint === 0 ? t("log.original") : t("log.reprintN", { n: r.reprint })}</td>
              <td>
                {r.reason ? t(`reason.${r.reason}`) : ""}
                {r.reasonNote && <span class="hint"> — {r.reasonNote}</span>}
              </td>
              <td class={`outcome ${r.outcome ?? "unknown"}`} title={r.detail ?? undefined}>
                {t(r.outcome ? `outcome.${r.outcome}` : "outcome.none")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
