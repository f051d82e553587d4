// A completion in doubt (needsAttention) is never sent again by itself:
// sending twice could sell twice. A person checks with the platform's
// support first; once support confirmed nothing was sold, a manager sets
// the completion aside or sends it again (same Request-ID), with their PIN
// and a written reason. Anyone may open the dialog; the backend checks the
// manager's PIN.

import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { commands, type CompletionResult_Serialize, type Entry_Serialize, type OrderView_Serialize } from "../../bindings";
import { useT } from "../../i18n";
import { call } from "../../ipc";
import { focusScan } from "../../ui/focus";
import { ManagerDialog } from "../../ui/ManagerDialog";

interface Props {
  entry: Entry_Serialize;
  platform: string;
  onSetAside(view: OrderView_Serialize): void;
  onSentAgain(result: CompletionResult_Serialize): void;
}

export function Decide({ entry, platform, onSetAside, onSentAgain }: Props): JSX.Element {
  const { t } = useT();
  const [asking, setAsking] = useState<"setAside" | "sendAgain" | null>(null);
  const close = () => {
    setAsking(null);
    focusScan();
  };
  return (
    <section class="decide" aria-label={t("completion.badge.needsAttention")}>
      <p class="hint" id="completion-decide-hint">
        {t("decide.explain", { platform })}
      </p>
      <div class="actions">
        <button type="button" id="completion-set-aside" aria-describedby="completion-decide-hint" onClick={() => setAsking("setAside")}>
          {t("decide.setAside")}
        </button>
        <button type="button" id="completion-send-again" aria-describedby="completion-decide-hint" onClick={() => setAsking("sendAgain")}>
          {t("decide.sendAgain")}
        </button>
      </div>
      {asking === "setAside" && (
        <ManagerDialog
          title={t("decide.setAsideTitle")}
          explain={t("decide.setAsideWhat", { platform })}
          confirm={t("decide.setAside")}
          busyLabel={t("decide.settingAside")}
          reason
          run={(manager, reason) => call(commands.setAsideCompletion(entry.id, reason, manager))}
          onDone={(view) => {
            setAsking(null);
            onSetAside(view);
          }}
          onClose={close}
        />
      )}
      {asking === "sendAgain" && (
        <ManagerDialog
          title={t("decide.sendAgainTitle")}
          explain={t("decide.sendAgainWhat", { platform, requestId: entry.requestId })}
          confirm={t("decide.sendAgain")}
          busyLabel={t("decide.sendingAgain", { platform })}
          reason
          run={(manager, reason) => call(commands.sendCompletionAgain(entry.id, reason, manager))}
          onDone={(result) => {
            setAsking(null);
            onSentAgain(result);
          }}
          onClose={close}
        />
      )}
    </section>
  );
}
