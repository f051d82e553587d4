// The till's operators, for managers: who may sign in, who is locked, and
// adding, unlocking or removing one, each a manager's act authorised with a
// manager's PIN in the dialog. The new operator's PIN stays in its field
// until the act is over (a refused manager PIN may be typed again), then
// leaves the screen, done or cancelled.

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { useApp, type Operator } from "../../app/context";
import { commands, type ManagerPinInput, type Role } from "../../bindings";
import { useT, type Translator } from "../../i18n";
import { clockTime } from "../../i18n/format";
import { call } from "../../ipc";
import { ErrorNote } from "../../ui/ErrorNote";
import { ManagerDialog } from "../../ui/ManagerDialog";

type Said = { say(tr: Translator): string } | { error: unknown };
/** The act waiting for a manager's PIN. */
type Act = { kind: "add"; name: string; role: Role } | { kind: "unlock" | "remove"; op: Operator };

export function Operators(): JSX.Element {
  const tr = useT();
  const { t, locale } = tr;
  const app = useApp();
  const [list, setList] = useState<Operator[] | null>(null);
  const [said, setSaid] = useState<Said | null>(null);
  const [role, setRole] = useState<Role>("cashier");
  const [act, setAct] = useState<Act | null>(null);
  const name = useRef<HTMLInputElement>(null);
  const pin = useRef<HTMLInputElement>(null);

  async function reload() {
    try {
      setList(await call(commands.operators()));
    } catch (e) {
      setSaid({ error: e });
    }
  }

  useEffect(() => {
    void reload();
  }, []);

  function add(e: Event) {
    e.preventDefault();
    const who = name.current?.value.trim() ?? "";
    if (!who || !pin.current?.value) return;
    setAct({ kind: "add", name: who, role });
  }

  function forgetPin() {
    if (pin.current) pin.current.value = "";
  }

  /** The act itself, once a manager chose themselves and typed their PIN. */
  async function run(a: Act, manager: ManagerPinInput): Promise<Said> {
    switch (a.kind) {
      case "add": {
        const op = await call(commands.addOperator(a.name, a.role, pin.current?.value ?? "", manager));
        return { say: (now) => now.t("ops.added", { name: op.name, role: now.t(`role.${op.role}`) }) };
      }
      case "unlock":
        await call(commands.unlockOperator(a.op.id, manager));
        return { say: (now) => now.t("ops.unlocked", { name: a.op.name }) };
      case "remove":
        await call(commands.removeOperator(a.op.id, manager));
        return { say: (now) => now.t("ops.removed", { name: a.op.name }) };
    }
  }

  async function done(a: Act, result: Said) {
    setAct(null);
    if (a.kind === "add") {
      forgetPin();
      if (name.current) name.current.value = "";
    }
    setSaid(result);
    await reload();
  }

  function dialogWords(a: Act): { title: string; busy: string } {
    switch (a.kind) {
      case "add":
        return { title: t("ops.addTitle", { name: a.name, role: t(`role.${a.role}`) }), busy: t("ops.adding", { name: a.name }) };
      case "unlock":
        return { title: t("ops.unlockTitle", { name: a.op.name }), busy: t("ops.unlocking", { name: a.op.name }) };
      case "remove":
        return { title: t("ops.removeTitle", { name: a.op.name }), busy: t("ops.removing", { name: a.op.name }) };
    }
  }

  const lockedNow = (op: Operator) => op.lockedUntil && Date.parse(op.lockedUntil) > Date.now();

  return (
    <section class="card" aria-labelledby="ops-title">
      <h3 id="ops-title">{t("ops.title")}</h3>
      {list && (
        <table class="operators-table">
          <thead>
            <tr>
              <th scope="col">{t("ops.name")}</th>
              <th scope="col">{t("ops.role")}</th>
              <th scope="col">{t("ops.lockedUntil")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {list.map((op) => (
              <tr key={op.id} class="operator-row" data-operator-id={String(op.id)}>
                <td>
                  {op.name}
                  {op.training && <span class="hint"> · {t("ops.training")}</span>}
                </td>
                <td>{t(`role.${op.role}`)}</td>
                <td>{lockedNow(op) && op.lockedUntil ? clockTime(op.lockedUntil, locale) : ""}</td>
                <td class="row-actions">
                  {lockedNow(op) && (
                    <button type="button" class="op-unlock" data-operator-id={String(op.id)} onClick={() => setAct({ kind: "unlock", op })}>
                      {t("ops.unlock")}
                    </button>
                  )}
                  {op.id !== app.operator?.id && (
                    <button type="button" class="op-remove" data-operator-id={String(op.id)} onClick={() => setAct({ kind: "remove", op })}>
                      {t("ops.remove")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div id="ops-result" class="action-result" role="status" data-tone={said ? ("error" in said ? "bad" : "ok") : undefined}>
        {said && ("error" in said ? <ErrorNote error={said.error} /> : <p>{said.say(tr)}</p>)}
      </div>
      <form class="form grid" onSubmit={add} autocomplete="off">
        <h4>{t("ops.add")}</h4>
        <label>
          {t("ops.name")}
          <input id="op-name" ref={name} required maxLength={40} />
        </label>
        <label>
          {t("ops.role")}
          <select id="op-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as Role)}>
            <option value="cashier">{t("role.cashier")}</option>
            <option value="manager">{t("role.manager")}</option>
          </select>
        </label>
        <label>
          {t("ops.pin")}
          <input id="op-pin" ref={pin} type="password" inputMode="numeric" autocomplete="off" required />
        </label>
        <div class="actions">
          <button type="submit" id="op-add" class="primary">
            {t("ops.addButton")}
          </button>
        </div>
      </form>
      {act && (
        <ManagerDialog
          title={dialogWords(act).title}
          explain={t("ops.authorise")}
          confirm={dialogWords(act).title}
          busyLabel={dialogWords(act).busy}
          danger={act.kind === "remove"}
          run={(m) => run(act, m)}
          onDone={(r) => void done(act, r)}
          onClose={() => {
            if (act.kind === "add") forgetPin();
            setAct(null);
          }}
        />
      )}
    </section>
  );
}
