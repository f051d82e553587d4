// The bar every screen shares: who is at the till, where to go (with the
// site's conflicts counted on the manager's way), the language, and how
// each platform answers.

import type { JSX } from "preact";

import type { Language } from "../bindings";
import { useT } from "../i18n";
import { clockTime } from "../i18n/format";
import { useApp, type Screen } from "./context";

interface Props {
  screen: Screen;
  setLanguage(lang: Language): void;
}

function NavButton(p: { id: string; to: Screen; current: Screen; label: string; shortcut?: string; children?: JSX.Element | false }): JSX.Element {
  const { go } = useApp();
  return (
    <button
      type="button"
      id={p.id}
      class={p.to === p.current ? "nav current" : "nav"}
      aria-current={p.to === p.current ? "page" : undefined}
      onClick={() => go(p.to)}
    >
      {p.label}
      {p.shortcut && <span class="key"> · {p.shortcut}</span>}
      {p.children}
    </button>
  );
}

export function TopBar({ screen, setLanguage }: Props): JSX.Element {
  const { t, lang, locale } = useT();
  const { operator, links, site, signOut } = useApp();
  const conflicts = site?.conflicts.length ?? 0;
  return (
    <header class="topbar">
      <h1 class="app-name">{t("app.name")}</h1>
      {operator && (
        <nav class="nav-group" aria-label={t("nav.label")}>
          <NavButton id="nav-counter" to="counter" current={screen} label={t("nav.counter")} shortcut="Esc" />
          {operator.role === "manager" && (
            <NavButton id="nav-manager" to="manager" current={screen} label={t("nav.manager")} shortcut="Ctrl+M">
              {conflicts > 0 && (
                <span id="conflict-count" class="badge bad" title={t("conflicts.count", { count: conflicts })}>
                  {conflicts}
                </span>
              )}
            </NavButton>
          )}
          <NavButton id="nav-settings" to="settings" current={screen} label={t("nav.settings")} shortcut="Ctrl+," />
        </nav>
      )}
      <ul class="links" aria-label={t("links.label")}>
        {links.map((l) => (
          <li
            key={l.platform}
            class="link"
            data-platform={l.platform}
            data-reach={l.reach}
            title={t("links.checked", { time: clockTime(l.checkedAt, locale) })}
          >
            {t(`platform.${l.platform}`)}: {t(`links.reach.${l.reach}`)}
          </li>
        ))}
      </ul>
      <label class="language">
        <span class="visually-hidden">{t("language.label")}</span>
        <select
          id="language"
          value={lang}
          onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as Language)}
        >
          <option value="en">{t("language.en")}</option>
          <option value="ru">{t("language.ru")}</option>
        </select>
      </label>
      {operator && (
        <div class="who">
          <span id="operator-name">
            {operator.name} · {t(`role.${operator.role}`)}
          </span>
          <button type="button" id="sign-out" onClick={() => void signOut()}>
            {t("nav.signOut")}
          </button>
        </div>
      )}
    </header>
  );
}
