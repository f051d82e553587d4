// The very first run: the counter has no manager, so one is created here
// (and signed in). The PIN is read from the field at the moment of the call
// and the fields are cleared straight after: it lives nowhere else.

import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";

import { useApp } from "../../app/context";
import { commands } from "../../bindings";
import { useT } from "../../i18n";
import { call } from "../../ipc";
import { ErrorNote } from "../../ui/ErrorNote";

export function FirstManager(): JSX.Element {
  const { t } = useT();
  const app = useApp();
  const name = useRef<HTMLInputElement>(null);
  const pin = useRef<HTMLInputElement>(null);
  const again = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  async function create(e: Event) {
    e.preventDefault();
    const first = pin.current?.value ?? "";
    const second = again.current?.value ?? "";
    const who = name.current?.value.trim() ?? "";
    setError(null);
    if (!who) return setProblem(t("firstManager.needName"));
    if (first !== second) {
      if (pin.current) pin.current.value = "";
      if (again.current) again.current.value = "";
      pin.current?.focus();
      return setProblem(t("firstManager.mismatch"));
    }
    setProblem(null);
    setSending(true);
    if (pin.current) pin.current.value = "";
    if (again.current) again.current.value = "";
    const pending = commands.createFirstManager(who, first);
    try {
      const op = await app.busy(t("firstManager.creating"), () => call(pending));
      app.signedIn(op);
    } catch (err) {
      setError(err);
      pin.current?.focus();
    } finally {
      setSending(false);
    }
  }

  return (
    <main id="first-manager" class="screen narrow">
      <h2>{t("firstManager.title")}</h2>
      <p>{t("firstManager.intro")}</p>
      <form class="form" onSubmit={(e) => void create(e)}>
        <label>
          {t("firstManager.name")}
          <input id="manager-name" ref={name} autocomplete="off" maxLength={40} required />
        </label>
        <label>
          {t("firstManager.pin")}
          <input id="manager-pin" ref={pin} type="password" inputMode="numeric" autocomplete="off" required />
        </label>
        <label>
          {t("firstManager.pinAgain")}
          <input id="manager-pin-again" ref={again} type="password" inputMode="numeric" autocomplete="off" required />
        </label>
        <p class="hint">{t("firstManager.pinRule")}</p>
        {problem && (
          <p class="error-message" role="alert">
            {problem}
          </p>
        )}
        {error !== null && <ErrorNote error={error} />}
        <button type="submit" id="create-manager" class="primary" disabled={sending}>
          {t("firstManager.create")}
        </button>
      </form>
    </main>
  );
}
