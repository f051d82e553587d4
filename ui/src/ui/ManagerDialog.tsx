// A manager's act (#manager-dialog): the backend asks a manager's PIN for
// each one, even from a signed-in manager, so one dialog serves them all:
// which manager, their PIN (read at the call, the field cleared at once)
// and, where the decision is recorded with one, the written reason. A
// refused PIN is said here, with the tries left, and the dialog stays open.

import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { useApp, type Operator } from "../app/context";
import { commands, type ManagerPinInput } from "../bindings";
import { useT } from "../i18n";
import { call, codeOf } from "../ipc";
import { pinError } from "../screens/sign-in/pinErrors";
import { Layer, useShortcut } from "../shortcuts";
import { ErrorNote } from "./ErrorNote";

interface Props<T> {
  title: string;
  /** What the act does, and when a manager does it. */
  explain: string;
  confirm: string;
  /** The progress line while the act runs. */
  busyLabel: string;
  /** The act needs a written reason. */
  reason?: boolean;
  danger?: boolean;
  /** Shown under the explanation: why the backend asks a manager here. */
  children?: ComponentChildren;
  run(manager: ManagerPinInput, reason: string): Promise<T>;
  onDone(result: T): void;
  onClose(): void;
}

type Problem = "manager" | "pin" | "reason";

function lockedNow(op: Operator): boolean {
  return op.lockedUntil !== null && Date.parse(op.lockedUntil) > Date.now();
}

export function ManagerDialog<T>(p: Props<T>): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const app = useApp();
  const [managers, setManagers] = useState<Operator[] | null>(null);
  const [manager, setManager] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pinProblem, setPinProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const select = useRef<HTMLSelectElement>(null);
  const pin = useRef<HTMLInputElement>(null);
  // The act may close the screen behind the dialog (a switch of till).
  const open = useRef(true);
  useEffect(
    () => () => {
      open.current = false;
    },
    [],
  );

  useShortcut("Escape", p.onClose, Layer.Dialog);

  useEffect(() => {
    call(commands.signInChoices()).then((list) => {
      // A locked manager cannot authorise anything until unlocked.
      const m = list.filter((o) => o.role === "manager" && !lockedNow(o));
      setManagers(m);
      const me = m.find((o) => o.id === app.operator?.id);
      const chosen = me ?? (m.length === 1 ? m[0] : undefined);
      if (chosen) setManager(chosen.id);
      // The manager at the till types their PIN straight away.
      (chosen ? pin : select).current?.focus();
    }, setError);
  }, []);

  function check(): Problem | null {
    if (manager === null) return "manager";
    if (!pin.current?.value) return "pin";
    if (p.reason && !reason.trim()) return "reason";
    return null;
  }

  async function confirm(e: Event) {
    e.preventDefault();
    if (sending) return;
    const problemNow = check();
    setProblem(problemNow);
    if (problemNow || manager === null) return;
    const approval: ManagerPinInput = { managerId: manager, pin: pin.current?.value ?? "" };
    if (pin.current) pin.current.value = "";
    setSending(true);
    setError(null);
    setPinProblem(null);
    try {
      const result = await app.busy(p.busyLabel, () => p.run(approval, reason.trim()));
      if (open.current) p.onDone(result);
    } catch (err) {
      if (!open.current) return;
      const code = codeOf(err);
      if (code === "wrong-pin" || code === "operator-locked") {
        const m = managers?.find((o) => o.id === manager);
        setPinProblem(pinError(tr, err, m?.name ?? "", null));
        pin.current?.focus();
      } else if (code === "reason-required") setProblem("reason");
      else setError(err);
    } finally {
      if (open.current) setSending(false);
    }
  }

  const problemText: Record<Problem, string> = {
    manager: t("managerDialog.needManager"),
    pin: t("managerDialog.needPin"),
    reason: t("managerDialog.needReason"),
  };

  return (
    <div class="overlay">
      <div id="manager-dialog" class="dialog" role="dialog" aria-modal="true" aria-labelledby="manager-dialog-title" aria-describedby="manager-dialog-explain">
        <h2 id="manager-dialog-title">{p.title}</h2>
        <p id="manager-dialog-explain">{p.explain}</p>
        {p.children}
        <form class="form authorise" onSubmit={(e) => void confirm(e)} autocomplete="off">
          {managers?.length === 0 && <p class="error-message">{t("managerDialog.noManager")}</p>}
          <label>
            {t("managerDialog.manager")}
            <select
              id="manager-dialog-manager"
              ref={select}
              value={manager === null ? "" : String(manager)}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                setManager(v ? Number(v) : null);
              }}
            >
              <option value="" disabled>
                {t("managerDialog.chooseManager")}
              </option>
              {managers?.map((m) => (
                <option key={m.id} value={String(m.id)}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("managerDialog.pin")}
            <input id="manager-dialog-pin" ref={pin} type="password" inputMode="numeric" autocomplete="off" />
          </label>
          {pinProblem && (
            <p class="error-message" role="alert">
              {pinProblem}
            </p>
          )}
          {p.reason && (
            <label>
              {t("managerDialog.reason")}
              <textarea
                id="manager-dialog-reason"
                rows={3}
                maxLength={500}
                aria-required="true"
                value={reason}
                onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
              />
            </label>
          )}
          {problem && (
            <p class="error-message" role="alert">
              {problemText[problem]}
            </p>
          )}
          {error !== null && <ErrorNote error={error} />}
          <div class="actions">
            <button type="submit" id="manager-dialog-confirm" class={p.danger ? "danger" : "primary"} disabled={sending}>
              {p.confirm}
            </button>
            <button type="button" id="manager-dialog-cancel" onClick={p.onClose}>
              {t("common.cancel")}
              <span class="key"> · Esc</span>
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
