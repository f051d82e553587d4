// The orders the search found: one row each, the selected one marked (the
// arrows move it, Enter opens it), a click opens one.

import type { JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";

import { useT } from "../../i18n";
import { clockTime, sessionTime } from "../../i18n/format";
import { StatusBadge } from "../../ui/StatusBadge";
import type { OrderSummary } from "./useLookup";

interface Props {
  orders: OrderSummary[];
  selected: number;
  openKey: string | null;
  onOpen(index: number): void;
}

export function orderKey(o: { platform: string; id: string }): string {
  return `${o.platform}:${o.id}`;
}

function When({ day, time }: { day: string; time: string | null }): JSX.Element {
  return (
    <>
      <span class="day">{day}</span>
      {time && <span class="time">{time}</span>}
    </>
  );
}

export function Results({ orders, selected, openKey, onOpen }: Props): JSX.Element {
  const { t, locale } = useT();
  const body = useRef<HTMLTableSectionElement>(null);

  // Keep the selected row in view as the arrows move it.
  useEffect(() => {
    const row = body.current?.children[selected];
    if (row instanceof HTMLElement && typeof row.scrollIntoView === "function") row.scrollIntoView({ block: "nearest" });
  }, [selected]);

  return (
    <table class="results">
      <thead>
        <tr>
          <th scope="col">{t("results.number")}</th>
          <th scope="col">{t("results.event")}</th>
          <th scope="col">{t("results.session")}</th>
          <th scope="col" class="num">{t("results.tickets")}</th>
          <th scope="col">{t("results.status")}</th>
          <th scope="col">{t("results.source")}</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {orders.map((o, i) => {
          const key = orderKey(o);
          const classes = ["row", i === selected && "selected", key === openKey && "open"].filter(Boolean).join(" ");
          return (
            <tr key={key} class={classes} data-order={key} aria-selected={i === selected} onClick={() => onOpen(i)}>
              <td>
                <span class="number">{o.number}</span>
                <span class={`platform ${o.platform}`}>{t(`platform.${o.platform}`)}</span>
              </td>
              <td>
                {o.eventName ?? ""}
                {o.customerName && <span class="customer">{o.customerName}</span>}
              </td>
              <td class="when">{o.sessionStart && <When {...sessionTime(o.sessionStart, o.timeZone, locale, o.allDay, o.zoneName)} />}</td>
              <td class="num">{o.ticketCount}</td>
              <td>
                <StatusBadge status={o.status} completion={o.completion} />
                {o.matchedBy && <span class="matched">{t("results.matchedBy", { by: t(`matchedBy.${o.matchedBy}`) })}</span>}
              </td>
              <td class="source">{t("results.cachedAt", { time: clockTime(o.cachedAt, locale) })}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
