// The manager's screen: in site mode first the tickets printed twice while
// cut off; then every print and reprint from the print log, who did it and
// who authorised it, filtered, exported as CSV, and the log's hash chain
// (and the site's) checked for tampering; below, the till's other
// recorded controls.

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

import { useApp } from "../../app/context";
import { commands, type ChainReport_Serialize, type Exported, type PrintRecord_Serialize, type SiteChain_Serialize } from "../../bindings";
import { useT } from "../../i18n";
import { call } from "../../ipc";
import { ErrorNote } from "../../ui/ErrorNote";
import { useTask } from "../../ui/task";
import { chainWords, siteChainWords } from "./chain";
import { Conflicts } from "./Conflicts";
import { Controls } from "./Controls";
import { dayPattern } from "../../i18n/format";
import { badDays, EMPTY_FORM, SHOWN_LIMIT, toFilter, type LogForm } from "./filter";
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
  const [siteChain, setSiteChain] = useState<SiteChain_Serialize | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [bad, setBad] = useState<("from" | "to")[]>([]);
  const pattern = dayPattern(tr.locale, { day: t("date.day"), month: t("date.month"), year: t("date.year") });

  /** Whether the day fields hold days (or nothing); says which do not. */
  function daysOk(): boolean {
    const wrong = badDays(form, tr.locale);
    setBad(wrong);
    return wrong.length === 0;
  }

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
    if (!daysOk()) return;
    const list = await attempt("list", t("log.loading"), () => call(commands.printLog(toFilter(form, tr.locale, SHOWN_LIMIT))));
    if (list) setRows(list);
  }

  useEffect(() => {
    void apply();
  }, []);

  /** This till's chain, then (joined to a site) the site's, each said as soon as it is known. */
  async function verify() {
    setError(null);
    try {
      const site = await task.run("verify", t("log.verifying"), async () => {
        setChain(await call(commands.verifyPrintLog()));
        return app.site ? call(commands.verifySiteLog()) : null;
      });
      if (site !== undefined) setSiteChain(site);
    } catch (e) {
      setError(e);
    }
  }

  function field<K extends keyof LogForm>(name: K) {
    return (e: Event) => {
      const input = e.currentTarget as HTMLInputElement;
      setForm({ ...form, [name]: input.type === "checkbox" ? input.checked : input.value });
    };
  }

  return (
    <main id="manager" class="screen">
      <h2>{t("log.title")}</h2>
      <Conflicts />
      <form class="filters" onSubmit={(e) => void apply(e)}>
        <label>
          {t("log.from")}
          <input id="log-from" class="day" inputMode="numeric" autocomplete="off" placeholder={pattern} aria-invalid={bad.includes("from")} value={form.from} onInput={field("from")} />
        </label>
        <label>
          {t("log.to")}
          <input id="log-to" class="day" inputMode="numeric" autocomplete="off" placeholder={pattern} aria-invalid={bad.includes("to")} value={form.to} onInput={field("to")} />
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
            if (!daysOk()) return;
            const r = await attempt("export", t("log.exporting"), () => call(commands.exportPrintLog(toFilter(form, tr.locale, null))));
            if (r) setExported(r);
          }}
        >
          {t("log.export")}
        </button>
        <button
          type="button"
          id="log-verify"
          disabled={task.running === "verify"}
          onClick={() => void verify()}
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
      {siteChain && (
        <p id="site-chain-result" class={siteChain.broken ? "error-message" : "ok-message"} data-intact={String(!siteChain.broken)} data-copy-only={String(siteChain.copyOnly)} role="status">
          {siteChainWords(tr, siteChain)}
        </p>
      )}
      {bad.length > 0 && (
        <p id="log-bad-day" class="error-message" role="alert">
          {t("log.badDay", { pattern })}
        </p>
      )}
      {error !== null && <ErrorNote error={error} />}
      {rows && (
        <>
          <p class="hint">
            {rows.length >= SHOWN_LIMIT ? t("log.newest", { count: rows.length }) : t("log.count", { count: rows.length })}
          </p>
          <PrintTable rows={rows} workstation={app.status.workstation} counter={app.site?.counter} />
        </>
      )}
      <Controls />
    </main>
  );
}
