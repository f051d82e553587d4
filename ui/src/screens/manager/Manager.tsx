// The manager's screen: every print and reprint from the print log, who did
// it and who authorised it, filtered, exported as CSV, and the log's hash
// chain checked for tampering.

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

import { useApp } from "../../app/context";
import { commands, type ChainReport_Serialize, type Exported, type PrintRecord_Serialize } from "../../bindings";
import { useT } from "../../i18n";
import { call } from "../../ipc";
import { ErrorNote } from "../../ui/ErrorNote";
import { useTask } from "../../ui/task";
import { chainWords } from "./chain";
import { EMPTY_FORM, SHOWN_LIMIT, toFilter, type LogForm } from "./filter";
import { PrintTable } from "./PrintTable";

export function Manager(): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const app = useApp();
  const task = useTask<"list" | "export" | "verify">();
  const [form, setForm] = useState<LogForm>(EMPTY_FORM);
  const [rows, setRows] = useState<PrintRecord_Serialize[] | null>(null);
  const [exported, setExported] = useState<Exported | null>(null);
  const [chain, setChain] = useState<ChainReport_Serialize | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function attempt<T>(name: "list" | "export" | "verify", label: string, work: () => Promise<T>): Promise<T | undefined> {
    setError(null);
    try {
      return await task.run(name, label, work);
    } catch (e) {
      setError(e);
      return undefined;
    }
  }

  async function apply(e?: Event) {
    e?.preventDefault();
    const list = await attempt("list", t("log.loading"), () => call(commands.printLog(toFilter(form, SHOWN_LIMIT))));
    if (list) setRows(list);
  }

  useEffect(() => {
    void apply();
  }, []);

  function field<K extends keyof LogForm>(name: K) {
    return (e: Event) => {
      const input = e.currentTarget as HTMLInputElement;
      setForm({ ...form, [name]: input.type === "checkbox" ? input.checked : input.value });
    };
  }

  return (
    <main id="manager" class="screen">
      <h2>{t("log.title")}</h2>
      <form class="filters" onSubmit={(e) => void apply(e)}>
        <label>
          {t("log.from")}
          <input id="log-from" type="date" value={form.from} onInput={field("from")} />
        </label>
        <label>
          {t("log.to")}
          <input id="log-to" type="date" value={form.to} onInput={field("to")} />
        </label>
        <label>
          {t("log.operator")}
          <input id="log-operator" autocomplete="off" value={form.operator} onInput={field("operator")} />
        </label>
        <label>
          {t("log.order")}
          <input id="log-order" autocomplete="off" value={form.order} onInput={field("order")} />
        </label>
        <label class="check">
          <input id="log-reprints" type="checkbox" checked={form.reprintsOnly} onChange={field("reprintsOnly")} />
          {t("log.reprintsOnly")}
        </label>
        <button type="submit" id="log-apply" class="primary" disabled={task.running === "list"}>
          {t("log.apply")}
        </button>
        <button
          type="button"
          id="log-export"
          disabled={task.running === "export"}
          onClick={async () => {
            const r = await attempt("export", t("log.exporting"), () => call(commands.exportPrintLog(toFilter(form, null))));
            if (r) setExported(r);
          }}
        >
          {t("log.export")}
        </button>
        <button
          type="button"
          id="log-verify"
          disabled={task.running === "verify"}
          onClick={async () => {
            const r = await attempt("verify", t("log.verifying"), () => call(commands.verifyPrintLog()));
            if (r) setChain(r);
          }}
        >
          {t("log.verify")}
        </button>
      </form>
      {exported && (
        <p id="log-exported" class="ok-message" role="status">
          {t("log.exported", { count: exported.rows, path: exported.path })}
        </p>
      )}
      {chain && (
        <p id="chain-result" class={chain.broken ? "error-message" : "ok-message"} data-intact={String(!chain.broken)} role="status">
          {chainWords(tr, chain)}
        </p>
      )}
      {error !== null && <ErrorNote error={error} />}
      {rows && (
        <>
          <p class="hint">
            {rows.length >= SHOWN_LIMIT ? t("log.newest", { count: rows.length }) : t("log.count", { count: rows.length })}
          </p>
          <PrintTable rows={rows} workstation={app.status.workstation} />
        </>
      )}
    </main>
  );
}
