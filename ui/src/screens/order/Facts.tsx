// What the cashier reads back to the customer: the event, session and
// venue, who bought it and for how much, the numbers it is known by, and
// what else came with it or failed.

import type { JSX } from "preact";

import type { OrderView_Serialize } from "../../bindings";
import { useT } from "../../i18n";

function Fact(p: { label: string; value: string | null | undefined; id?: string }): JSX.Element | null {
  if (!p.value) return null;
  return (
    <div class="fact">
      <dt>{p.label}</dt>
      <dd id={p.id}>{p.value}</dd>
    </div>
  );
}

export function Facts({ view }: { view: OrderView_Serialize }): JSX.Element {
  const { t } = useT();
  return (
    <>
      <dl class="facts">
        <Fact label={t("order.session")} value={view.session} />
        <Fact label={t("order.venue")} value={view.venue} />
        <Fact label={t("order.customer")} value={view.customer} />
        <Fact label={t("order.total")} value={view.total} />
        <Fact label={t("order.number")} value={view.ids.orderNumber ?? view.number} />
        <Fact label={t("order.codeWord")} value={view.ids.codeWord} />
        <Fact label={t("order.collectionNumber")} value={view.ids.transactionNumber} id="collection-number" />
        <Fact label={t("order.platform")} value={t(`platform.${view.platform}`)} />
        <Fact label={t("order.attachment")} value={t(`attachment.${view.attachment}`)} />
        <Fact label={t("order.orderType")} value={view.orderType} />
      </dl>
      {view.partnerComment && (
        <p class="note">
          <strong>{t("order.partnerComment")}</strong> {view.partnerComment}
        </p>
      )}
      {view.items.length > 0 && (
        <section class="items">
          <h3>{t("order.items")}</h3>
          <ul>
            {view.items.map((item, i) => (
              <li key={i}>
                {[item.priceType, item.basis, item.quantity !== null ? t("order.quantity", { count: item.quantity }) : null, item.itemCode]
                  .filter(Boolean)
                  .join(" · ")}
              </li>
            ))}
          </ul>
          <p class="hint">{t("order.itemsHint")}</p>
        </section>
      )}
      {view.failedGroups.length > 0 && (
        <section class="failed-groups" role="alert">
          {view.failedGroups.map((g, i) => (
            <div class="failed-group" key={i}>
              <p>
                {t("order.failedGroup", {
                  count: g.tickets.length,
                  message: g.message ?? t("order.noReason"),
                  kind: g.kind,
                  code: g.code ?? t("common.none"),
                })}
              </p>
              <ul>
                {g.tickets.map((seat) => (
                  <li key={seat}>{seat}</li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      )}
    </>
  );
}
