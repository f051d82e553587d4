// The till's controls (#till-controls): the manager's acts that are not
// prints — training switched, completions set aside or sent again,
// connections removed, cached orders purged or replaced — with who did
// them, who authorised them and why, newest first.

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

import { useApp } from "../../app/context";
import { commands, type ControlRecord_Serialize } from "../../bindings";
import { useT } from "../../i18n";
import { logTime } from "../../i18n/format";
import { call } from "../../ipc";
import { ErrorNote } from "../../ui/ErrorNote";

export function Controls(): JSX.Element {
  const { t, locale } = useT();
  const app = useApp();
  const [rows, setRows] = useState<ControlRecord_Serialize[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    app.busy(t("controls.loading"), () => call(commands.tillControls())).then(
      // Newest first, whatever order the answer came in.
      (list) => setRows([...list].sort((a, b) => b.seq - a.seq)),
      setError,
    );
  }, []);

  return (
    <section id="till-controls" class="card" aria-labelledby="controls-title">
      <h3 id="controls-title">{t("controls.title")}</h3>
      <p class="hint">{t("controls.hint")}</p>
      {error !== null && <ErrorNote error={error} />}
      {rows?.length === 0 && <p class="hint">{t("controls.none")}</p>}
      {rows && rows.length > 0 && (
        <div class="table-scroll">
          <table class="controls">
            <thead>
              <tr>
                <th scope="col">{t("log.time")}</th>
                <th scope="col">{t("controls.action")}</th>
                <th scope="col">{t("log.orderNumber")}</th>
                <th scope="col">{t("controls.by")}</th>
                <th scope="col">{t("log.authorisedBy")}</th>
                <th scope="col">{t("log.workstation")}</th>
                <th scope="col">{t("log.reason")}</th>
                <th scope="col">{t("controls.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq} class="control" data-action={r.action} data-seq={String(r.seq)}>
                  <td>{logTime(r.at, locale)}</td>
                  <td class="action">{t(`control.${r.action}`)}</td>
                  <td class="number">{r.orderNumber ?? ""}</td>
                  <td>{r.operatorName}</td>
                  <td>{r.authorisedByName ?? ""}</td>
                  <td class={r.workstation === app.status.workstation ? "this-till" : undefined}>{r.workstation}</td>
                  <td class="reason">{r.reason ?? ""}</td>
                  <td class="detail">{r.detail ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
