// One order (article.order): its facts, its tickets, a completion as it
// runs (and, in doubt, a manager's decision on it), and the actions that
// apply to it now, each with its key.

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

import { useApp } from "../../app/context";
import type { OrderView_Serialize } from "../../bindings";
import { useT } from "../../i18n";
import { clockTime } from "../../i18n/format";
import { useShortcut } from "../../shortcuts";
import { mark } from "../../timings";
import { ActionButton } from "../../ui/ActionButton";
import { Details } from "../../ui/ErrorNote";
import { focusScan } from "../../ui/focus";
import { ManagerDialog } from "../../ui/ManagerDialog";
import { StatusBadge } from "../../ui/StatusBadge";
import { Completion, Elsewhere } from "./Completion";
import { Decide } from "./Decide";
import { Expiry } from "./Expiry";
import { Facts } from "./Facts";
import { ReprintDialog } from "./ReprintDialog";
import { Tickets } from "./Tickets";
import { useOrderActions } from "./useOrderActions";
import { hasPrinted } from "./words";

type OrderView = OrderView_Serialize;

interface Props {
  view: OrderView;
  setView(view: OrderView): void;
  /** Something about the order changed: the list should show it too. */
  onChanged(): void;
}

export function OrderPanel({ view, setView, onChanged }: Props): JSX.Element {
  const tr = useT();
  const { t, locale } = tr;
  const app = useApp();
  const act = useOrderActions(view, setView, onChanged);
  const [reprinting, setReprinting] = useState(false);
  const key = `${view.platform}:${view.id}`;
  const platform = t(`platform.${view.platform}`);

  // Mounted afresh for each order (the counter keys it by the order).
  useEffect(() => mark("opened"), []);

  const inDoubt = view.completion?.state === "needsAttention";
  const canComplete = view.canComplete && !inDoubt && !act.completing;
  const canPrint = view.unprintedCount > 0;
  const printer = app.status.printer;
  const canReprint = hasPrinted(view);
  const busy = (name: typeof act.running) => act.running === name;
  // A print refused until a manager enters their PIN (cut off from the site).
  const asked = act.needsManager;

  useShortcut("F2", canComplete && !busy("complete") ? () => void act.complete() : null);
  useShortcut("F5", view.canRefresh && !busy("refresh") ? () => void act.refresh() : null);
  useShortcut("F4", canPrint && printer && !busy("print") ? act.print : null);
  useShortcut("F6", canPrint && !busy("pdf") ? act.savePdf : null);
  useShortcut("F8", canReprint && !reprinting ? () => setReprinting(true) : null);

  const title = [view.eventName ?? t("order.untitled"), view.rating].filter(Boolean).join(" · ");

  return (
    <article class="order" data-order={key} aria-labelledby="order-title">
      <header class="order-head">
        <h2 id="order-title">{title}</h2>
        <StatusBadge status={view.status} completion={view.completion?.state ?? null} />
      </header>
      <p id="source" class={view.source.live ? "source live" : "source"}>
        {view.source.live
          ? t("order.live", { platform })
          : view.source.cachedAt
            ? t("order.cachedAt", { time: clockTime(view.source.cachedAt, locale) })
            : ""}
      </p>
      <Facts view={view} />
      {view.expiresAt && <Expiry at={view.expiresAt} platform={platform} />}
      <Completion
        entry={view.completion}
        ours={act.completing}
        platform={platform}
        collectionNumber={view.ids.transactionNumber}
      />
      {view.elsewhere && <Elsewhere there={view.elsewhere} platform={platform} />}
      {inDoubt && view.completion && (
        <Decide entry={view.completion} platform={platform} onSetAside={act.setAside} onSentAgain={act.sentAgain} />
      )}
      <Tickets view={view} />
      <div class="actions">
        {canComplete && (
          <ActionButton
            id="complete"
            primary
            label={t("order.complete", { platform })}
            shortcut="F2"
            disabled={busy("complete")}
            onClick={() => void act.complete()}
          />
        )}
        {view.canRefresh && (
          <ActionButton
            id="refresh"
            label={t("order.refresh", { platform })}
            shortcut="F5"
            disabled={busy("refresh")}
            onClick={() => void act.refresh()}
          />
        )}
        {canPrint && (
          <ActionButton
            id="print"
            primary={!canComplete}
            label={t("order.print")}
            shortcut="F4"
            disabled={!printer || busy("print")}
            describedBy={printer ? undefined : "print-hint"}
            onClick={act.print}
          />
        )}
        {canPrint && (
          <ActionButton id="save-pdf" label={t("order.savePdf")} shortcut="F6" disabled={busy("pdf")} onClick={act.savePdf} />
        )}
        {canReprint && (
          <ActionButton id="reprint" label={t("order.reprint")} shortcut="F8" onClick={() => setReprinting(true)} />
        )}
      </div>
      {canPrint && !printer && (
        <p id="print-hint" class="hint">
          {t("order.noPrinter")}
        </p>
      )}
      <div id="action-result" class="action-result" data-tone={act.result?.tone} role="status" aria-live="polite">
        {act.result && (
          <>
            <p class={act.result.tone === "bad" ? "error-message" : undefined}>{act.result.say(tr)}</p>
            <Details text={act.result.details} open={act.result.open} />
          </>
        )}
      </div>
      {asked && (
        <ManagerDialog
          title={t(asked.kind === "print" ? "order.print" : "order.savePdf")}
          explain={t("errors.needs-manager")}
          confirm={t(asked.kind === "print" ? "order.print" : "order.savePdf")}
          busyLabel={asked.kind === "print" ? t("order.printing", { printer: printer ?? "" }) : t("order.savingPdf")}
          run={act.sendWithManager}
          onDone={act.managerDone}
          onClose={act.managerClosed}
        >
          <p id="manager-dialog-why" class="hint">
            {asked.why}
          </p>
        </ManagerDialog>
      )}
      {reprinting && (
        <ReprintDialog
          view={view}
          onClose={() => {
            setReprinting(false);
            focusScan();
          }}
          onDone={(printed) => {
            setReprinting(false);
            act.reprinted(printed);
          }}
        />
      )}
    </article>
  );
}
