// The till's operators, for managers: who may sign in, who is locked, and
// adding, unlocking or removing one, each confirmed with the signed-in
// manager's own PIN again (read at the call, then cleared).

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { useApp, type Operator } from "../../app/context";
import { commands, type Role } from "../../bindings";
import { useT, type Translator } from "../../i18n";
import { clockTime } from "../../i18n/format";
import { call } from "../../ipc";
import { ErrorNote } from "../../ui/ErrorNote";

type Said = { say(tr: Translator): string } | { error: unknown };
type RowAction = { id: number; kind: "unlock" | "remove" };

function take(input: { current: HTMLInputElement | null }): string {
  const v = input.current?.value ?? "";
  if (input.current) input.current.value = "";
  return v;
}

export function Operators(): JSX.Element {
  const tr = useT();
  const { t, locale } = tr;
  const app = useApp();
  const [list, setList] = useState<Operator[] | null>(null);
  const [said, setSaid] = useState<Said | null>(null);
  const [role, setRole] = useState<Role>("cashier");
  const [action, setAction] = useState<RowAction | null>(null);
  const name = useRef<HTMLInputElement>(null);
  const pin = useRef<HTMLInputElement>(null);
  const managerPin = useRef<HTMLInputElement>(null);
  const rowPin = useRef<HTMLInputElement>(null);

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

  useEffect(() => {
    if (action) rowPin.current?.focus();
  }, [action]);

  async function add(e: Event) {
    e.preventDefault();
    const who = name.current?.value.trim() ?? "";
    const pending = commands.addOperator(who, role, take(pin), take(managerPin));
    try {
      const op = await app.busy(t("ops.adding", { name: who }), () => call(pending));
      if (name.current) name.current.value = "";
      setSaid({ say: (now) => now.t("ops.added", { name: op.name, role: now.t(`role.${op.role}`) }) });
      await reload();
    } catch (err) {
      setSaid({ error: err });
    }
  }

  async function confirmRow(e: Event, op: Operator) {
    e.preventDefault();
    if (!action) return;
    const kind = action.kind;
    const secret = take(rowPin);
    setAction(null);
    try {
      if (kind === "unlock") await call(commands.unlockOperator(op.id, secret));
      else await call(commands.removeOperator(op.id, secret));
      setSaid({ say: (now) => now.t(kind === "unlock" ? "ops.unlocked" : "ops.removed", { name: op.name }) });
      await reload();
    } catch (err) {
      setSaid({ error: err });
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
                  {action?.id === op.id ? (
                    <form class="inline" onSubmit={(e) => void confirmRow(e, op)}>
                      <label>
                        {t(action.kind === "unlock" ? "ops.unlockWithPin" : "ops.removeWithPin", { name: op.name })}
                        <input ref={rowPin} class="row-manager-pin" type="password" inputMode="numeric" autocomplete="off" required />
                      </label>
                      <button type="submit" class={action.kind === "remove" ? "danger row-confirm" : "primary row-confirm"}>
                        {t(action.kind === "unlock" ? "ops.unlock" : "ops.remove")}
                      </button>
                      <button type="button" onClick={() => setAction(null)}>
                        {t("common.cancel")}
                      </button>
                    </form>
                  ) : (
                    <>
                      {lockedNow(op) && (
                        <button type="button" class="op-unlock" data-operator-id={String(op.id)} onClick={() => setAction({ id: op.id, kind: "unlock" })}>
                          {t("ops.unlock")}
                        </button>
                      )}
                      {op.id !== app.operator?.id && (
                        <button type="button" class="op-remove" data-operator-id={String(op.id)} onClick={() => setAction({ id: op.id, kind: "remove" })}>
                          {t("ops.remove")}
                        </button>
                      )}
                    </>
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
      <form class="form grid" onSubmit={(e) => void add(e)} autocomplete="off">
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
        <label>
          {t("ops.managerPin")}
          <input id="op-manager-pin" ref={managerPin} type="password" inputMode="numeric" autocomplete="off" required />
        </label>
        <div class="actions">
          <button type="submit" id="op-add" class="primary">
            {t("ops.addButton")}
          </button>
        </div>
      </form>
    </section>
  );
}
