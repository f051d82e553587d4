// The till's platform connections. Secrets go one way only: typed here,
// sent with the add call, kept by the OS keyring. The fields are uncontrolled
// and emptied the moment the call leaves, so a token lives in no state;
// the list only ever says whether one is stored. Removing one is a
// manager's act with a PIN; the orders it keeps (still to print, or with a
// completion not over) are listed with why.

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { useApp } from "../../app/context";
import { commands, type Connection_Serialize, type Kept, type Platform, type Removal } from "../../bindings";
import { useT, type Translator } from "../../i18n";
import { call } from "../../ipc";
import { Details, ErrorNote } from "../../ui/ErrorNote";
import { ManagerDialog } from "../../ui/ManagerDialog";
import { KeptList } from "./Kept";

type Connection = Connection_Serialize;
type Said = { say(tr: Translator): string; details?: string; kept?: Kept[] } | { error: unknown };

const PLATFORMS: readonly Platform[] = ["vista", "paciolan", "afisha"];

function text(form: HTMLFormElement, id: string): string | null {
  const el = form.querySelector<HTMLInputElement>(`#${id}`);
  const v = el?.value.trim() ?? "";
  return v || null;
}

export function Connections({ manager }: { manager: boolean }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const app = useApp();
  const [list, setList] = useState<Connection[] | null>(null);
  const [said, setSaid] = useState<Said | null>(null);
  const [platform, setPlatform] = useState<Platform>("afisha");
  const [removing, setRemoving] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  // A new key after an add mounts a fresh, empty form.
  const [formKey, setFormKey] = useState(0);
  const token = useRef<HTMLInputElement>(null);
  const apiKey = useRef<HTMLInputElement>(null);

  async function reload() {
    try {
      setList(await call(commands.connections()));
    } catch (e) {
      setSaid({ error: e });
    }
  }

  useEffect(() => {
    void reload();
  }, []);

  async function test(name: string) {
    try {
      const message = await app.busy(t("conn.testing", { name }), () => call(commands.testConnection(name)));
      setSaid({ say: (now) => now.t("conn.works", { name }), details: message });
    } catch (e) {
      setSaid({ error: e });
    }
  }

  async function removed(name: string, r: Removal) {
    setRemoving(null);
    setSaid({ say: (now) => now.t("conn.removed", { name, count: r.removed }), kept: r.kept });
    await reload();
  }

  async function add(e: Event) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const name = text(form, "conn-name") ?? "";
    const bearerToken = token.current?.value ?? "";
    const key = platform === "paciolan" ? apiKey.current?.value || null : null;
    // The secrets leave the screen before the call does, whatever its answer.
    if (token.current) token.current.value = "";
    if (apiKey.current) apiKey.current.value = "";
    const pending = commands.addConnection({
      name,
      platform,
      displayName: text(form, "conn-display-name"),
      baseUrl: text(form, "conn-url") ?? "",
      regionCode: platform === "vista" ? text(form, "conn-region") : null,
      applicationId: platform === "paciolan" ? text(form, "conn-app-id") : null,
      channelCode: platform === "paciolan" ? text(form, "conn-channel") : null,
      partnerId: platform === "afisha" ? text(form, "conn-partner") : null,
      currency: text(form, "conn-currency"),
      timeZone: text(form, "conn-zone"),
      bearerToken,
      apiKey: key,
    });
    setAdding(true);
    try {
      await app.busy(t("conn.adding", { name }), () => call(pending));
      setFormKey((k) => k + 1);
      setPlatform("afisha");
      setSaid({ say: (now) => now.t("conn.added", { name }) });
      await reload();
    } catch (err) {
      setSaid({ error: err });
    } finally {
      setAdding(false);
    }
  }

  return (
    <section class="card" aria-labelledby="conn-title">
      <h3 id="conn-title">{t("conn.title")}</h3>
      {list && list.length === 0 && <p class="hint">{t("conn.none")}</p>}
      {list && list.length > 0 && (
        <table class="connections">
          <thead>
            <tr>
              <th scope="col">{t("conn.name")}</th>
              <th scope="col">{t("conn.platform")}</th>
              <th scope="col">{t("conn.url")}</th>
              <th scope="col">{t("conn.secrets")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {list.map(({ profile: p, stored }) => (
              <tr key={p.name} class="connection" data-name={p.name}>
                <td>
                  {p.displayName}
                  {p.displayName !== p.name && <span class="hint"> ({p.name})</span>}
                </td>
                <td>{t(`platform.${p.platform}`)}</td>
                <td class="url">{p.baseUrl}</td>
                <td class={stored ? "stored" : "stored missing"}>{t(stored ? "conn.stored" : "conn.missing")}</td>
                <td class="row-actions">
                  <button type="button" class="conn-test" data-name={p.name} onClick={() => void test(p.name)}>
                    {t("conn.test")}
                  </button>
                  {manager && (
                    <button type="button" class="conn-remove" data-name={p.name} onClick={() => setRemoving(p.name)}>
                      {t("conn.remove")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div id="conn-result" class="action-result" role="status" data-tone={said ? ("error" in said ? "bad" : "ok") : undefined}>
        {said && ("error" in said ? <ErrorNote error={said.error} /> : <p>{said.say(tr)}</p>)}
        {said && !("error" in said) && <KeptList kept={said.kept} />}
        {said && !("error" in said) && <Details text={said.details} />}
      </div>
      {removing !== null && (
        <ManagerDialog
          title={t("conn.removeTitle", { name: removing })}
          explain={t("conn.removeExplain")}
          confirm={t("conn.remove")}
          busyLabel={t("conn.removing", { name: removing })}
          danger
          run={(m) => call(commands.removeConnection(removing, m))}
          onDone={(r) => void removed(removing, r)}
          onClose={() => setRemoving(null)}
        />
      )}
      {manager && (
        <form key={formKey} class="form grid add-connection" onSubmit={(e) => void add(e)} autocomplete="off">
          <h4>{t("conn.add")}</h4>
          <label>
            {t("conn.name")}
            <input id="conn-name" required maxLength={40} />
          </label>
          <label>
            {t("conn.platform")}
            <select id="conn-platform" value={platform} onChange={(e) => setPlatform((e.currentTarget as HTMLSelectElement).value as Platform)}>
              {PLATFORMS.map((p) => (
                <option key={p} value={p}>
                  {t(`platform.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("conn.url")}
            <input id="conn-url" type="url" required placeholder={t("conn.urlExample")} />
          </label>
          <label>
            {t("conn.displayName")}
            <input id="conn-display-name" />
          </label>
          <label>
            {t("conn.token")}
            <input id="conn-token" ref={token} type="password" required autocomplete="off" />
          </label>
          {platform === "paciolan" && (
            <label>
              {t("conn.apiKey")}
              <input id="conn-api-key" ref={apiKey} type="password" autocomplete="off" />
            </label>
          )}
          {platform === "vista" && (
            <label>
              {t("conn.region")}
              <input id="conn-region" />
            </label>
          )}
          {platform === "paciolan" && (
            <>
              <label>
                {t("conn.appId")}
                <input id="conn-app-id" />
              </label>
              <label>
                {t("conn.channel")}
                <input id="conn-channel" />
              </label>
            </>
          )}
          {platform === "afisha" && (
            <label>
              {t("conn.partner")}
              <input id="conn-partner" />
            </label>
          )}
          <label>
            {t("conn.currency")}
            <input id="conn-currency" maxLength={3} placeholder={t("conn.currencyExample")} />
          </label>
          <label>
            {t("conn.zone")}
            <input id="conn-zone" placeholder={t("conn.zoneExample")} />
          </label>
          <div class="actions">
            <button type="submit" id="conn-add" class="primary" disabled={adding}>
              {t("conn.addButton")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
