// Printing again (#reprint-dialog): which tickets (or the order form), why,
// and, for a cashier, the manager who authorises it with their PIN on the
// spot. The PIN is read at the call and the field cleared at once.

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { useApp, useOperator, type Operator } from "../../app/context";
import { commands, type OrderView_Serialize, type Printed_Serialize, type ReprintReason } from "../../bindings";
import { useT } from "../../i18n";
import { call, codeOf } from "../../ipc";
import { Layer, useShortcut } from "../../shortcuts";
import { ErrorNote } from "../../ui/ErrorNote";
import { pinError } from "../sign-in/pinErrors";
import { copiesWords, isOrderForm, seatWords } from "./words";

const REASONS: readonly ReprintReason[] = ["damaged", "printer-jam", "lost-by-customer", "misprinted", "other"];

/** The value of the one checkbox an order-form order has. */
const FORM = "order-form";

interface Props {
  view: OrderView_Serialize;
  onClose(): void;
  onDone(printed: Printed_Serialize): void;
}

type Problem = "tickets" | "reason" | "note" | "manager" | "pin";

export function ReprintDialog({ view, onClose, onDone }: Props): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const app = useApp();
  const operator = useOperator();
  const cashier = operator.role !== "manager";
  const form = isOrderForm(view);
  const choices = form ? [] : view.tickets.filter((x) => x.copies > 0);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set(form || choices.length === 1 ? [form ? FORM : choices[0]?.id ?? ""] : []));
  const [reason, setReason] = useState<ReprintReason | "">("");
  const [note, setNote] = useState("");
  const [toPdf, setToPdf] = useState(false);
  const [managers, setManagers] = useState<Operator[]>([]);
  const [manager, setManager] = useState<number | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pinProblem, setPinProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const pin = useRef<HTMLInputElement>(null);
  const first = useRef<HTMLInputElement>(null);

  useShortcut("Escape", onClose, Layer.Dialog);

  useEffect(() => {
    first.current?.focus();
    if (!cashier) return;
    call(commands.signInChoices()).then(
      (list) => {
        // A locked manager cannot authorise anything until unlocked.
        const m = list.filter((o) => o.role === "manager" && !(o.lockedUntil && Date.parse(o.lockedUntil) > Date.now()));
        setManagers(m);
        if (m.length === 1) setManager(m[0]?.id ?? null);
      },
      setError,
    );
  }, []);

  function toggle(id: string) {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  }

  function check(): Problem | null {
    if (picked.size === 0) return "tickets";
    if (!reason) return "reason";
    if (reason === "other" && !note.trim()) return "note";
    if (cashier && manager === null) return "manager";
    if (cashier && !pin.current?.value) return "pin";
    return null;
  }

  async function confirm(e: Event) {
    e.preventDefault();
    if (sending) return;
    const p = check();
    setProblem(p);
    if (p || !reason) return;
    const tickets = form ? [] : [...picked];
    const approval = cashier && manager !== null ? { managerId: manager, pin: pin.current?.value ?? "" } : null;
    if (pin.current) pin.current.value = "";
    const pending = commands.reprintTickets(view.platform, view.id, tickets, reason, note.trim() || null, approval, toPdf);
    setSending(true);
    setError(null);
    setPinProblem(null);
    try {
      const label = toPdf ? t("order.savingPdf") : t("order.printing", { printer: app.status.printer ?? "" });
      onDone(await app.busy(label, () => call(pending)));
    } catch (err) {
      const code = codeOf(err);
      if (code === "wrong-pin" || code === "operator-locked") {
        const m = managers.find((o) => o.id === manager);
        setPinProblem(pinError(tr, err, m?.name ?? "", null));
        pin.current?.focus();
      } else setError(err);
    } finally {
      setSending(false);
    }
  }

  const problemText: Record<Problem, string> = {
    tickets: t("reprint.needTickets"),
    reason: t("reprint.needReason"),
    note: t("reprint.needNote"),
    manager: t("reprint.needManager"),
    pin: t("reprint.needPin"),
  };

  return (
    <div class="overlay">
      <div id="reprint-dialog" class="dialog" role="dialog" aria-modal="true" aria-labelledby="reprint-title">
        <h2 id="reprint-title">{t("reprint.title")}</h2>
        <form class="form" onSubmit={(e) => void confirm(e)}>
          <fieldset>
            <legend>{t(form ? "reprint.whatForm" : "reprint.whatTickets")}</legend>
            {form ? (
              <label class="check">
                <input ref={first} type="checkbox" class="reprint-ticket" value={FORM} checked={picked.has(FORM)} onChange={() => toggle(FORM)} />
                {t("reprint.orderForm")} <span class="hint">{copiesWords(t, view.formCopies)}</span>
              </label>
            ) : (
              choices.map((x, i) => (
                <label class="check" key={x.id}>
                  <input
                    ref={i === 0 ? first : undefined}
                    type="checkbox"
                    class="reprint-ticket"
                    value={x.id}
                    checked={picked.has(x.id)}
                    onChange={() => toggle(x.id)}
                  />
                  {seatWords(t, x.seat)} <span class="hint">{copiesWords(t, x.copies)}</span>
                </label>
              ))
            )}
          </fieldset>
          <label>
            {t("reprint.reason")}
            <select id="reprint-reason" value={reason} onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value as ReprintReason | "")}>
              <option value="" disabled>
                {t("reprint.chooseReason")}
              </option>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reason.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t(reason === "other" ? "reprint.noteRequired" : "reprint.note")}
            <input
              id="reprint-note"
              autocomplete="off"
              maxLength={200}
              required={reason === "other"}
              value={note}
              onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          {cashier && (
            <div class="authorise">
              <p class="hint">{t("reprint.cashierNeedsManager")}</p>
              <label>
                {t("reprint.manager")}
                <select
                  id="reprint-manager"
                  value={manager === null ? "" : String(manager)}
                  onChange={(e) => {
                    const v = (e.currentTarget as HTMLSelectElement).value;
                    setManager(v ? Number(v) : null);
                  }}
                >
                  <option value="" disabled>
                    {t("reprint.chooseManager")}
                  </option>
                  {managers.map((m) => (
                    <option key={m.id} value={String(m.id)}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("reprint.managerPin")}
                <input id="reprint-manager-pin" ref={pin} type="password" inputMode="numeric" autocomplete="off" />
              </label>
              {pinProblem && (
                <p class="error-message" role="alert">
                  {pinProblem}
                </p>
              )}
            </div>
          )}
          <label class="check">
            <input id="reprint-to-pdf" type="checkbox" checked={toPdf} onChange={(e) => setToPdf((e.currentTarget as HTMLInputElement).checked)} />
            {t("reprint.toPdf")}
          </label>
          {problem && (
            <p class="error-message" role="alert">
              {problemText[problem]}
            </p>
          )}
          {error !== null && <ErrorNote error={error} />}
          <div class="actions">
            <button type="submit" id="reprint-confirm" class="primary" disabled={sending}>
              {t(toPdf ? "reprint.confirmPdf" : "reprint.confirm")}
            </button>
            <button type="button" id="reprint-cancel" onClick={onClose}>
              {t("common.cancel")}
              <span class="key"> · Esc</span>
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
