// Box Office cannot work (the database cannot be opened, the sandbox did
// not start...): say so instead of a counter that would fail at every step.

import type { JSX } from "preact";

import type { IpcError } from "../../bindings";
import { useT } from "../../i18n";
import { BackendError } from "../../ipc";
import { ErrorNote } from "../../ui/ErrorNote";

export function Fatal({ error, dataDir }: { error: IpcError | unknown; dataDir: string | null }): JSX.Element {
  const { t } = useT();
  const e = isIpcError(error) ? new BackendError(error) : error;
  return (
    <main id="fatal" class="fatal" role="alert">
      <h1>{t("fatal.title")}</h1>
      <ErrorNote error={e} />
      {dataDir && <p class="hint">{t("fatal.dataDir", { path: dataDir })}</p>}
      <p class="hint">{t("fatal.help")}</p>
    </main>
  );
}

function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e && !(e instanceof Error);
}
