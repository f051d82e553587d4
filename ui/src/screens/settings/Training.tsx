// Training is a till of its own, not a setting: a manager switches into it,
// or out of it, with a PIN. The backend then reopens on the other till and
// signs everyone out, so the window reads the new till's status and goes
// back to sign-in.

import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { useApp } from "../../app/context";
import { commands } from "../../bindings";
import { useT } from "../../i18n";
import { call } from "../../ipc";
import { ManagerDialog } from "../../ui/ManagerDialog";

export function Training(): JSX.Element {
  const { t } = useT();
  const app = useApp();
  const [asking, setAsking] = useState(false);
  const label = t(app.status.training ? "training.leave" : "training.start");

  return (
    <section id="training-section" class="card" aria-labelledby="training-title">
      <h3 id="training-title">{t("training.title")}</h3>
      <p class="hint">{t("training.explain")}</p>
      <div class="actions">
        <button type="button" id="training-switch" onClick={() => setAsking(true)}>
          {label}
        </button>
      </div>
      {asking && (
        <ManagerDialog
          title={label}
          explain={t("training.explain")}
          confirm={label}
          busyLabel={t("training.switching")}
          run={(manager) => call(commands.switchTraining(manager))}
          onDone={() => {
            setAsking(false);
            void app.tillSwitched();
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </section>
  );
}
