// What the order's buttons and keys do: complete (watching the journal
// while the platform works), check with Afisha, print, save as PDF, and
// what a manager's decision on a completion in doubt came to. Each runs on
// its own; only its own button waits. A print the backend refuses without
// a manager's PIN (cut off from the site) is offered again through the
// manager dialog, with the backend's reason.

import { useEffect, useRef, useState } from "preact/hooks";

import { useApp } from "../../app/context";
import {
  commands,
  type CompletionResult_Serialize,
  type ManagerPinInput,
  type OrderView_Serialize,
  type Platform,
  type Printed_Serialize,
} from "../../bindings";
import { useT, type Translator } from "../../i18n";
import { call, codeOf } from "../../ipc";
import { mark, recordAccepted } from "../../timings";
import { focusScan } from "../../ui/focus";
import { COMPLETION_TONE } from "../../ui/StatusBadge";
import { useTask } from "../../ui/task";
import { failed, printResult, type ActionResult, type PrintKind } from "./result";

type OrderView = OrderView_Serialize;
type OrderAction = "complete" | "refresh" | "print" | "pdf";
type PrintOnce = Exclude<PrintKind, "reprint">;

const COMPLETION_POLL_MS = 500;
/** Another counter's completion (site mode) is heard of through the site: less often. */
const ELSEWHERE_POLL_MS = 2000;
/** Its journal states after which nothing changes there on its own. */
const ELSEWHERE_FINAL: ReadonlySet<string> = new Set(["completed", "partial", "failed", "abandoned"]);

function platformName(tr: Translator, p: Platform): string {
  return tr.t(`platform.${p}`);
}

function completionResult(r: CompletionResult_Serialize): ActionResult {
  const tone = COMPLETION_TONE[r.state];
  const number = r.view.ids.transactionNumber;
  return {
    tone: tone === "info" ? "wait" : tone,
    details: r.message || null,
    say: (tr) => {
      const { t } = tr;
      if (r.state === "completed" && number) return t("completion.completedNumber", { number });
      const said = t(`completion.state.${r.state}`, { platform: platformName(tr, r.view.platform) });
      return r.elsewhere ? `${said} ${t("completion.elsewhere")}` : said;
    },
  };
}

export function useOrderActions(view: OrderView, setView: (v: OrderView) => void, onChanged: () => void) {
  const tr = useT();
  const { t } = tr;
  const app = useApp();
  const task = useTask<OrderAction>();
  const [result, setResult] = useState<ActionResult | null>(null);
  const [completing, setCompleting] = useState(false);
  const [needsManager, setNeedsManager] = useState<{ kind: PrintOnce; why: string } | null>(null);
  const platform = platformName(tr, view.platform);
  // The panel is remounted for another order: an answer arriving after that
  // belongs to an order no longer shown, and must not replace the new one.
  const shown = useRef(true);
  useEffect(
    () => () => {
      shown.current = false;
    },
    [],
  );
  // Bumped whenever an action's answer is shown: a poll that left before it
  // carries an older state and must not overwrite it.
  const epoch = useRef(0);

  // While a completion runs (here, or at another till) the journal entry is
  // read every half second to show where it stands; while another counter
  // of the site completes it, every two seconds. The panel is remounted for
  // another order, which stops the polling; setView takes only this order.
  const there = view.elsewhere;
  const every =
    completing || view.completion?.running === true
      ? COMPLETION_POLL_MS
      : there && !ELSEWHERE_FINAL.has(there.state)
        ? ELSEWHERE_POLL_MS
        : 0;
  useEffect(() => {
    if (!every) return;
    const { platform: p, id } = view;
    let stopped = false;
    const timer = setInterval(() => {
      const mine = epoch.current;
      call(commands.orderDetails(p, id)).then(
        (v) => {
          if (!stopped && mine === epoch.current) setView(v);
        },
        () => undefined,
      );
    }, every);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [every]);

  function finish(v: OrderView, r: ActionResult) {
    epoch.current++;
    if (shown.current) {
      setView(v);
      setResult(r);
    }
    onChanged();
    focusScan();
  }

  async function complete() {
    if (!view.canComplete || view.completion?.state === "needsAttention") return;
    const { platform: p, id } = view;
    setCompleting(true);
    setResult({ tone: "wait", say: (now) => now.t("order.completing", { platform: platformName(now, p) }) });
    try {
      const r = await task.run("complete", t("order.completing", { platform }), () => call(commands.completeOrder(p, id)));
      if (r) finish(r.view, completionResult(r));
    } catch (e) {
      setResult(failed(e));
      focusScan();
    } finally {
      setCompleting(false);
    }
  }

  async function refresh() {
    const { platform: p, id } = view;
    try {
      const v = await task.run("refresh", t("order.asking", { platform }), () => call(commands.refreshOrder(p, id)));
      if (v) finish(v, { tone: "ok", say: (now) => now.t("order.upToDate", { platform: platformName(now, p) }) });
    } catch (e) {
      setResult(failed(e));
      focusScan();
    }
  }

  /** A print or PDF done: its report, and the timings of a print. */
  function printed(r: Printed_Serialize, kind: PrintOnce) {
    if (kind === "print") {
      mark("printDone");
      recordAccepted(r.report.acceptedAfterMs, r.report.finishedAfterMs);
    }
    finish(r.view, printResult(r.report, kind));
  }

  /** The print itself: with a manager's PIN when the backend asked for one. */
  const send = (kind: PrintOnce, manager: ManagerPinInput | null) => {
    const { platform: p, id } = view;
    return call(kind === "print" ? commands.printOrder(p, id, null, manager) : commands.savePdf(p, id, null, manager));
  };

  async function printing(kind: PrintOnce) {
    const printer = app.status.printer;
    try {
      const label = kind === "print" ? t("order.printing", { printer: printer ?? "" }) : t("order.savingPdf");
      const r = await task.run(kind, label, () => send(kind, null));
      if (r) printed(r, kind);
    } catch (e) {
      if (kind === "print") mark("printDone");
      setResult(failed(e));
      // Cut off from the site, an original may need a manager's PIN: the
      // dialog asks it, and says the backend's reason.
      if (codeOf(e) === "needs-manager" && shown.current) setNeedsManager({ kind, why: e instanceof Error ? e.message : "" });
      else focusScan();
    }
  }

  return {
    result,
    running: task.running,
    completing,
    complete,
    refresh,
    print() {
      if (!app.status.printer) return;
      mark("printKey");
      void printing("print");
    },
    savePdf: () => void printing("pdf"),
    /** A print the backend refused without a manager's PIN, and why. */
    needsManager,
    sendWithManager: (manager: ManagerPinInput) => send(needsManager?.kind ?? "print", manager),
    managerDone(r: Printed_Serialize) {
      const kind = needsManager?.kind ?? "print";
      setNeedsManager(null);
      printed(r, kind);
    },
    managerClosed() {
      setNeedsManager(null);
      focusScan();
    },
    reprinted(r: Printed_Serialize) {
      finish(r.view, printResult(r.report, "reprint"));
    },
    setAside(v: OrderView) {
      finish(v, { tone: "ok", say: (now) => now.t("decide.setAsideDone") });
    },
    /** Sent again: it reads like a completion, and is watched like one. */
    sentAgain(r: CompletionResult_Serialize) {
      finish(r.view, completionResult(r));
    },
  };
}
