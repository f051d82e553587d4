// Who is at the till: one big button per operator, then their PIN. Locked
// operators say until when. In training mode the demo operators' public PINs
// are shown, so the counter can be learnt without real accounts.

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { useApp, type Operator } from "../../app/context";
import { commands } from "../../bindings";
import { useT } from "../../i18n";
import { clockTime } from "../../i18n/format";
import { call } from "../../ipc";
import { ErrorNote } from "../../ui/ErrorNote";
import { pinError } from "./pinErrors";

/** "till": a manager switched between training and the real till. */
export type SignedOutWhy = "self" | "idle" | "elsewhere" | "till";

/** The public PINs of training mode's demo operators (Rust `TRAINING_OPERATORS`). */
const TRAINING_PINS: Record<string, string> = { "Demo Manager": "2468", "Demo Cashier": "1357" };

function lockedNow(op: Operator): string | null {
  return op.lockedUntil && Date.parse(op.lockedUntil) > Date.now() ? op.lockedUntil : null;
}

export function SignIn({ why }: { why: SignedOutWhy | null }): JSX.Element {
  const tr = useT();
  const { t, locale } = tr;
  const app = useApp();
  const [choices, setChoices] = useState<Operator[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<Operator | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const pin = useRef<HTMLInputElement>(null);

  async function reload(): Promise<Operator[]> {
    const list = await call(commands.signInChoices());
    setChoices(list);
    return list;
  }

  useEffect(() => {
    reload().catch(setLoadError);
  }, []);

  useEffect(() => {
    if (chosen) pin.current?.focus();
  }, [chosen]);

  function choose(op: Operator) {
    setChosen(op);
    setProblem(null);
    if (pin.current) pin.current.value = "";
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!chosen || sending) return;
    const secret = pin.current?.value ?? "";
    if (pin.current) pin.current.value = "";
    const pending = commands.signIn(chosen.id, secret);
    setSending(true);
    try {
      const op = await app.busy(t("signIn.checking"), () => call(pending));
      app.signedIn(op);
    } catch (err) {
      // Re-read the list: a lock shows on the button, with until when.
      const list = await reload().catch(() => choices ?? []);
      const now = list.find((o) => o.id === chosen.id) ?? chosen;
      setProblem(pinError(tr, err, chosen.name, lockedNow(now)));
      pin.current?.focus();
    } finally {
      setSending(false);
    }
  }

  return (
    <main id="sign-in" class="screen narrow">
      <h2>{t("signIn.title")}</h2>
      {why === "idle" && (
        <p class="notice" role="status">
          {t("signIn.idle", { count: app.status.idleLockMinutes })}
        </p>
      )}
      {why === "elsewhere" && (
        <p class="notice" role="status">
          {t("signIn.signedOut")}
        </p>
      )}
      {why === "till" && (
        <p class="notice" role="status" id="till-switched">
          {t(app.status.training ? "signIn.nowTraining" : "signIn.nowReal")}
        </p>
      )}
      {app.status.training && <p class="hint">{t("signIn.trainingHint")}</p>}
      {loadError !== null && <ErrorNote error={loadError} />}
      {choices?.length === 0 && <p>{t("signIn.nobody")}</p>}
      <div class="operators" role="list">
        {choices?.map((op) => {
          const locked = lockedNow(op);
          const demoPin = app.status.training && op.training ? TRAINING_PINS[op.name] : undefined;
          return (
            <button
              type="button"
              role="listitem"
              key={op.id}
              class={chosen?.id === op.id ? "operator chosen" : "operator"}
              data-operator-id={String(op.id)}
              aria-pressed={chosen?.id === op.id}
              onClick={() => choose(op)}
            >
              <span class="operator-name">{op.name}</span>
              <span class="operator-role">{t(`role.${op.role}`)}</span>
              {locked && <span class="operator-locked">{t("signIn.lockedUntil", { time: clockTime(locked, locale) })}</span>}
              {demoPin && <span class="operator-pin">{t("signIn.demoPin", { pin: demoPin })}</span>}
            </button>
          );
        })}
      </div>
      {chosen && (
        <form class="form pin-form" onSubmit={(e) => void submit(e)}>
          <label>
            {t("signIn.pinFor", { name: chosen.name })}
            <input id="pin" ref={pin} type="password" inputMode="numeric" autocomplete="off" required />
          </label>
          <button type="submit" id="sign-in-button" class="primary" disabled={sending}>
            {t("signIn.button")}
          </button>
        </form>
      )}
      <p id="sign-in-error" class="error-message" role="alert">
        {problem}
      </p>
    </main>
  );
}
