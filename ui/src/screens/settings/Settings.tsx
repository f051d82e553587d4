// Settings: the till (printer, stock, retention, idle lock, name, training
// mode), its platform connections and, for managers, its operators. Only a
// manager may change them; everyone else sees them read-only (the language
// is in the top bar, for anyone).

import type { JSX } from "preact";

import { useOperator } from "../../app/context";
import { useT } from "../../i18n";
import { Connections } from "./Connections";
import { Operators } from "./Operators";
import { TillSettings } from "./TillSettings";

export function Settings(): JSX.Element {
  const { t } = useT();
  const manager = useOperator().role === "manager";
  return (
    <main id="settings" class="screen settings">
      <h2>{t("settings.title")}</h2>
      {!manager && <p class="notice">{t("settings.readOnly")}</p>}
      <TillSettings manager={manager} />
      <Connections manager={manager} />
      {manager && <Operators />}
    </main>
  );
}
