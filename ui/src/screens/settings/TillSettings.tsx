// The till's own settings, with the printer and stock the tickets go to
// (and a test page to check them before a customer waits). Training is not
// among them: it is a till of its own, switched in its own section. A
// shorter retention removes orders at once, and says which it kept. Two
// are for site mode: whether an original printed while cut off from the
// site needs a manager's PIN, and how long operators still sign in then.

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

import { useApp } from "../../app/context";
import { commands, type Kept, type PrinterInfo, type Settings_Serialize, type Stock } from "../../bindings";
import { useT, type Translator } from "../../i18n";
import { call } from "../../ipc";
import { Details, ErrorNote } from "../../ui/ErrorNote";
import { useTask } from "../../ui/task";
import { KeptList } from "./Kept";

type Settings = Settings_Serialize;

/** What the result line says: worded when drawn, so it follows the language. */
type Said = { ok: boolean; say(tr: Translator): string; details?: string; kept?: Kept[] } | { error: unknown };

function printerLabel({ t }: Translator, p: PrinterInfo): string {
  const state = t(`printer.${p.state}`);
  const why = p.stateMessage || p.stateReasons.join(", ");
  const name = p.description && p.description !== p.name ? `${p.name} (${p.description})` : p.name;
  return why && p.state === "stopped" ? `${name} — ${state}: ${why}` : `${name} — ${state}`;
}

export function TillSettings({ manager }: { manager: boolean }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const app = useApp();
  const task = useTask<"save" | "test">();
  const [form, setForm] = useState<Settings | null>(null);
  const [printers, setPrinters] = useState<PrinterInfo[]>([]);
  const [printersError, setPrintersError] = useState<unknown>(null);
  const [stocks, setStocks] = useState<Stock[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [said, setSaid] = useState<Said | null>(null);

  useEffect(() => {
    call(commands.getSettings()).then(setForm, setLoadError);
    commands.stocks().then(setStocks, setLoadError);
    app.busy(t("settings.printersLoading"), () => call(commands.printers())).then(setPrinters, setPrintersError);
  }, []);

  if (loadError !== null) return <ErrorNote error={loadError} />;
  if (!form) return <section class="card" aria-busy="true" />;

  const set = <K extends keyof Settings>(name: K, value: Settings[K]) => setForm({ ...form, [name]: value });
  const number = (name: "retentionDays" | "idleLockMinutes" | "offlineSignInHours") => (e: Event) =>
    set(name, Number((e.currentTarget as HTMLInputElement).value));

  async function save(e: Event) {
    e.preventDefault();
    if (!form) return;
    try {
      // The language may have been switched in the top bar since this form
      // was read: keep the one in force, not the form's old copy.
      const save = async () => {
        const { language } = await call(commands.getSettings());
        return call(commands.saveSettings({ ...form, language }));
      };
      const r = await task.run("save", t("settings.saving"), save);
      if (!r) return;
      setForm(r.settings);
      const { purged } = r;
      setSaid({
        ok: true,
        say: (now) => (purged ? `${now.t("settings.saved")} ${now.t("settings.purged", { count: purged.removed })}` : now.t("settings.saved")),
        kept: purged?.kept,
      });
      await app.refreshStatus();
    } catch (err) {
      setSaid({ error: err });
    }
  }

  async function testPage() {
    if (!form?.printer) return;
    const { printer, stock } = form;
    try {
      const message = await task.run("test", t("settings.testing", { printer }), () => call(commands.printTestPage(printer, stock)));
      if (message !== undefined) setSaid({ ok: true, say: (now) => now.t("settings.testSent", { printer }), details: message });
    } catch (err) {
      setSaid({ error: err });
    }
  }

  // The saved printer stays choosable while CUPS cannot list it.
  const known = printers.some((p) => p.name === form.printer);

  return (
    <section class="card" aria-labelledby="till-title">
      <h3 id="till-title">{t("settings.till")}</h3>
      <form class="form grid" onSubmit={(e) => void save(e)}>
        <fieldset disabled={!manager}>
          <label>
            {t("settings.printer")}
            <select id="printer" value={form.printer ?? ""} onChange={(e) => set("printer", (e.currentTarget as HTMLSelectElement).value || null)}>
              <option value="">{t("settings.noPrinter")}</option>
              {form.printer && !known && <option value={form.printer}>{form.printer}</option>}
              {printers.map((p) => (
                <option key={p.name} value={p.name}>
                  {printerLabel(tr, p)}
                </option>
              ))}
            </select>
          </label>
          {printersError !== null && <ErrorNote error={printersError} />}
          <label>
            {t("settings.stock")}
            <select id="stock" value={form.stock} onChange={(e) => set("stock", (e.currentTarget as HTMLSelectElement).value as Stock)}>
              {stocks.map((s) => (
                <option key={s} value={s}>
                  {t(`stock.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("settings.retention")}
            <input id="retention-days" type="number" min={1} max={3650} value={form.retentionDays} onInput={number("retentionDays")} />
          </label>
          <label class="check">
            <input id="keep-contacts" type="checkbox" checked={form.keepContacts} onChange={(e) => set("keepContacts", (e.currentTarget as HTMLInputElement).checked)} />
            {t("settings.keepContacts")}
          </label>
          <label>
            {t("settings.idleLock")}
            <input id="idle-lock" type="number" min={1} max={240} value={form.idleLockMinutes} onInput={number("idleLockMinutes")} />
          </label>
          <label class="check">
            <input
              id="offline-originals-need-manager"
              type="checkbox"
              checked={form.offlineOriginalsNeedManager}
              onChange={(e) => set("offlineOriginalsNeedManager", (e.currentTarget as HTMLInputElement).checked)}
            />
            {t("settings.offlineOriginalsNeedManager")}
          </label>
          <label>
            {t("settings.offlineSignInHours")}
            <input id="offline-sign-in-hours" type="number" min={1} max={168} value={form.offlineSignInHours} onInput={number("offlineSignInHours")} />
          </label>
          <label>
            {t("settings.workstation")}
            <input id="workstation" maxLength={60} value={form.workstation} onInput={(e) => set("workstation", (e.currentTarget as HTMLInputElement).value)} />
          </label>
        </fieldset>
        <div class="actions">
          {manager && (
            <button type="submit" id="settings-save" class="primary" disabled={task.running === "save"}>
              {t("settings.save")}
            </button>
          )}
          <button type="button" id="test-page" disabled={!form.printer || task.running === "test"} onClick={() => void testPage()}>
            {t("settings.testPage")}
          </button>
        </div>
      </form>
      <div id="settings-result" class="action-result" role="status" data-tone={said ? ("error" in said ? "bad" : "ok") : undefined}>
        {said && ("error" in said ? <ErrorNote error={said.error} /> : <p>{said.say(tr)}</p>)}
        {said && !("error" in said) && <KeptList kept={said.kept} />}
        {said && !("error" in said) && <Details text={said.details} />}
      </div>
    </section>
  );
}
