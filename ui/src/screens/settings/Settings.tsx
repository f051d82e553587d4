// Settings: the till (printer, stock, retention, idle lock, name), its
// platform connections, the switch into or out of training and, for
// managers, the site it shares with the cinema's other counters and its
// operators. Only a manager may change the till's settings;
// everyone else sees them read-only (the language is in the top bar, for
// anyone). A manager's acts each ask a manager's PIN in a dialog, so
// a cashier may start one with a manager beside them.

import type { JSX } from "preact";

import { useOperator } from "../../app/context";
import { useT } from "../../i18n";
import { Connections } from "./Connections";
import { Operators } from "./Operators";
import { Site } from "./Site";
import { TillSettings } from "./TillSettings";
import { Training } from "./Training";

export function Settings(): JSX.Element {
  const { t } = useT();
  const manager = useOperator().role === "manager";
  return (
    <main id="settings" class="screen settings">
      <h2>{t("settings.title")}</h2>
      {!manager && <p class="notice">{t("settings.readOnly")}</p>}
      <TillSettings manager={manager} />
      <Training />
      <Connections manager={manager} />
      {manager && <Site />}
      {manager && <Operators />}
    </main>
  );
}
