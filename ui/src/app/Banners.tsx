// What must not be missed: training mode, the site when it cannot be
// reached (the counter works on by itself, its entries wait to be sent),
// and each platform that cannot be reached (with what still works
// meanwhile).

import type { JSX } from "preact";

import { clockTime } from "../i18n/format";
import { useT } from "../i18n";
import { useApp } from "./context";

export function Banners(): JSX.Element {
  const { t, locale } = useT();
  const { status, links, site } = useApp();
  return (
    <div class="banners">
      {status.training && (
        <div class="banner training" role="note" id="training-banner">
          <strong>{t("banner.training.title")}</strong> {t("banner.training.body")}
        </div>
      )}
      {site?.reachable === false && (
        <div class="banner offline" role="alert" id="site-banner" title={site.why ?? undefined}>
          {site.unreachableSince ? t("banner.site", { since: clockTime(site.unreachableSince, locale) }) : t("banner.siteNow")}
          {site.pending > 0 && ` ${t("banner.sitePending", { count: site.pending })}`}
        </div>
      )}
      {links
        .filter((l) => l.reach === "offline")
        .map((l) => (
          <div class="banner offline" role="alert" id={`offline-${l.platform}`} key={l.platform}>
            {t("banner.offline", {
              platform: t(`platform.${l.platform}`),
              since: clockTime(l.since, locale),
            })}
          </div>
        ))}
    </div>
  );
}
