// The print log as a table: one row per print or reprint, newest first. In
// site mode the rows are the site's (and this counter's prints not sent
// yet), with the counter that printed each and how the site took it.

import type { JSX } from "preact";

import type { PrintRecord_Serialize, Stock } from "../../bindings";
import { useT } from "../../i18n";
import { logTime } from "../../i18n/format";

const STOCKS: ReadonlySet<string> = new Set<Stock>(["thermal-80", "boca", "a4", "letter"]);
const TAGS = ["offline", "conflict", "pending"] as const;

interface Props {
  rows: PrintRecord_Serialize[];
  workstation: string;
  /** This counter's name at the site, when joined. */
  counter?: string;
}

export function PrintTable({ rows, workstation, counter }: Props): JSX.Element {
  const { t, locale } = useT();
  const site = rows.some((r) => r.site);
  return (
    <div class="table-scroll">
      <table class="print-log">
        <thead>
          <tr>
            <th scope="col">{t("log.time")}</th>
            {site && (
              <th scope="col" class="site-counter">
                {t("log.counter")}
              </th>
            )}
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
          {rows.map((r) => {
            const s = r.site;
            // A print not sent yet is numbered by this counter, not the site.
            const key = `${s?.pending ? "p" : "s"}${r.seq}`;
            return (
              <tr
                key={key}
                class={`print${r.reprint > 0 ? " reprint" : ""}${s?.conflict ? " conflict" : ""}`}
                data-seq={String(r.seq)}
                data-key={key}
              >
                <td>{logTime(r.at, locale)}</td>
                {site && (
                  <td class={s && s.counter === counter ? "site-counter this-till" : "site-counter"}>
                    {s?.counter}
                    {TAGS.filter((k) => s?.[k]).map((k) => (
                      <span key={k} class={`tag ${k}`}>
                        {t(`log.tag.${k}`)}
                      </span>
                    ))}
                  </td>
                )}
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
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
