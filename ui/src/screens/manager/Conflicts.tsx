// Tickets printed as the original at two counters while they were cut off
// from the site (#site-conflicts): each with where and when both originals
// came out, until a manager acknowledges it with their PIN (every counter
// then stops showing it).

import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { useApp } from "../../app/context";
import { commands, type Conflict_Serialize } from "../../bindings";
import { useT } from "../../i18n";
import { clockTime } from "../../i18n/format";
import { call } from "../../ipc";
import { ManagerDialog } from "../../ui/ManagerDialog";

export function Conflicts(): JSX.Element | null {
  const { t, locale } = useT();
  const app = useApp();
  const [acking, setAcking] = useState<Conflict_Serialize | null>(null);
  const list = app.site?.conflicts ?? [];
  if (list.length === 0 && !acking) return null;
  const at = (iso: string | null) => (iso ? clockTime(iso, locale) : t("common.none"));

  return (
    <section id="site-conflicts" class="card conflicts" aria-labelledby="conflicts-title">
      <h3 id="conflicts-title">{t("conflicts.title")}</h3>
      <p class="hint">{t("conflicts.hint")}</p>
      <ul>
        {list.map((c) => (
          <li key={c.seq} class="conflict" data-seq={String(c.seq)}>
            <p>
              {t("conflicts.second", {
                order: c.orderNumber,
                ticket: c.ticketId ? t("conflicts.ticket", { ticket: c.ticketId }) : t("print.theForm"),
                counter: c.counter,
                operator: c.operator,
                at: at(c.at),
              })}{" "}
              {c.firstCounter && t("conflicts.first", { counter: c.firstCounter, at: at(c.firstAt) })}
            </p>
            <button type="button" class="conflict-ack" data-seq={String(c.seq)} onClick={() => setAcking(c)}>
              {t("conflicts.acknowledge")}
            </button>
          </li>
        ))}
      </ul>
      {acking && (
        <ManagerDialog
          title={t("conflicts.ackTitle", { order: acking.orderNumber })}
          explain={t("conflicts.hint")}
          confirm={t("conflicts.acknowledge")}
          busyLabel={t("conflicts.acknowledging")}
          run={(m) => call(commands.siteAcknowledge(acking.seq, m))}
          onDone={(s) => {
            setAcking(null);
            app.siteChanged(s);
          }}
          onClose={() => setAcking(null)}
        />
      )}
    </section>
  );
}
