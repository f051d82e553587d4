// Site mode, for managers: several counters of one cinema share one
// database, the site. Test asks it with what was typed; Join, with a
// manager's PIN, joins this counter to it. The password goes one way only,
// like a connection's token: read from its field and the field emptied as
// Test's call leaves, or as Join's dialog opens (held only while that
// dialog is open, for a PIN typed again). Joined, the section says how
// the site stands, and Leave (with a PIN) takes this counter out again.

import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";

import { useApp, type SiteStatus } from "../../app/context";
import { commands, type SiteInput, type SiteTest } from "../../bindings";
import { useT, type Translator } from "../../i18n";
import { clockTime } from "../../i18n/format";
import { call } from "../../ipc";
import { ErrorNote } from "../../ui/ErrorNote";
import { ManagerDialog } from "../../ui/ManagerDialog";

type Said = { say(tr: Translator): string } | { error: unknown };
type Where = Omit<SiteInput, "password" | "port"> & { port: string };

const EMPTY: Where = { host: "", port: "5432", database: "box_office", role: "box_office_app", counter: "" };

function reach({ t, locale }: Translator, s: SiteStatus): string {
  if (s.reachable === null) return t("site.reachUnknown");
  if (s.reachable) return t("site.reachYes");
  return s.unreachableSince ? t("site.reachNo", { since: clockTime(s.unreachableSince, locale) }) : t("site.reachNoTime");
}

function tested({ t }: Translator, r: SiteTest): string {
  const names = r.counters.length > 0 ? t("site.counters", { names: r.counters.join(", ") }) : t("site.noCounters");
  return `${t("site.tested", { address: r.address, schema: r.schema, known: r.known })} ${names}`;
}

export function Site(): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const app = useApp();
  const { site } = app;
  const [where, setWhere] = useState<Where>(EMPTY);
  const [said, setSaid] = useState<Said | null>(null);
  const [act, setAct] = useState<"join" | "leave" | null>(null);
  const [testing, setTesting] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const password = useRef<HTMLInputElement>(null);
  // Join's password while its dialog is open; nowhere else.
  const held = useRef("");

  /** The password, taken out of its field. */
  function take(): string {
    const secret = password.current?.value ?? "";
    if (password.current) password.current.value = "";
    return secret;
  }

  const input = (secret: string): SiteInput => ({ ...where, port: Number(where.port), password: secret });

  const text = (name: keyof Where) => (e: Event) => setWhere({ ...where, [name]: (e.currentTarget as HTMLInputElement).value });

  async function test() {
    if (testing || form.current?.reportValidity() === false) return;
    const pending = commands.siteTest(input(take()));
    setTesting(true);
    try {
      const r = await app.busy(t("site.testing"), () => call(pending));
      setSaid({ say: (now) => tested(now, r) });
    } catch (e) {
      setSaid({ error: e });
    } finally {
      setTesting(false);
    }
  }

  function join(e: Event) {
    e.preventDefault();
    held.current = take();
    setAct("join");
  }

  function close() {
    held.current = "";
    setAct(null);
  }

  return (
    <section id="site-section" class="card" aria-labelledby="site-title">
      <h3 id="site-title">{t("site.title")}</h3>
      <p class="hint">{t("site.explain")}</p>
      {site ? (
        <>
          <dl class="facts">
            <div class="fact">
              <dt>{t("site.address")}</dt>
              <dd id="site-address">{site.address}</dd>
            </div>
            <div class="fact">
              <dt>{t("site.counterName")}</dt>
              <dd id="site-counter-name">{site.counter}</dd>
            </div>
            <div class="fact">
              <dt>{t("site.reach")}</dt>
              <dd id="site-reachable" data-reachable={String(site.reachable)}>
                {reach(tr, site)}
              </dd>
            </div>
            {site.why && (
              <div class="fact">
                <dt>{t("site.why")}</dt>
                <dd id="site-why">{site.why}</dd>
              </div>
            )}
            <div class="fact">
              <dt>{t("site.pending")}</dt>
              <dd id="site-pending">{site.pending}</dd>
            </div>
            <div class="fact">
              <dt>{t("site.logSeq")}</dt>
              <dd id="site-log-seq">#{site.logSeq}</dd>
            </div>
          </dl>
          <div class="actions">
            <button type="button" id="site-leave" class="danger" onClick={() => setAct("leave")}>
              {t("site.leave")}
            </button>
          </div>
        </>
      ) : (
        <form ref={form} class="form grid" onSubmit={join} autocomplete="off">
          <label>
            {t("site.host")}
            <input id="site-host" required value={where.host} onInput={text("host")} />
          </label>
          <label>
            {t("site.port")}
            <input id="site-port" type="number" required min={1} max={65535} value={where.port} onInput={text("port")} />
          </label>
          <label>
            {t("site.database")}
            <input id="site-database" required value={where.database} onInput={text("database")} />
          </label>
          <label>
            {t("site.role")}
            <input id="site-role" required value={where.role} onInput={text("role")} />
          </label>
          <label>
            {t("site.counter")}
            <input id="site-counter" maxLength={60} placeholder={t("site.counterEmpty", { name: app.status.workstation })} value={where.counter} onInput={text("counter")} />
          </label>
          <label>
            {t("site.password")}
            <input id="site-password" ref={password} type="password" autocomplete="off" />
          </label>
          <div class="actions">
            <button type="button" id="site-test" disabled={testing} onClick={() => void test()}>
              {t("site.test")}
            </button>
            <button type="submit" id="site-join" class="primary">
              {t("site.join")}
            </button>
          </div>
        </form>
      )}
      <div id="site-result" class="action-result" role="status" data-tone={said ? ("error" in said ? "bad" : "ok") : undefined}>
        {said && ("error" in said ? <ErrorNote error={said.error} /> : <p>{said.say(tr)}</p>)}
      </div>
      {act === "join" && (
        <ManagerDialog
          title={t("site.join")}
          explain={t("site.joinExplain")}
          confirm={t("site.join")}
          busyLabel={t("site.joining")}
          run={(m) => call(commands.siteJoin(input(held.current), m))}
          onDone={(s) => {
            close();
            app.siteChanged(s);
            setSaid({ say: (now) => now.t("site.joined", { address: s.address, counter: s.counter }) });
          }}
          onClose={close}
        />
      )}
      {act === "leave" && (
        <ManagerDialog
          title={t("site.leave")}
          explain={t("site.leaveExplain")}
          confirm={t("site.leave")}
          busyLabel={t("site.leaving")}
          danger
          run={(m) => call(commands.siteLeave(m))}
          onDone={() => {
            setAct(null);
            app.siteChanged(null);
            setSaid({ say: (now) => now.t("site.left") });
          }}
          onClose={() => setAct(null)}
        />
      )}
    </section>
  );
}
