// The print log's chain check, worded: how many entries and whether the
// chain holds, else the first entry where it breaks and what that means;
// and the same for the site's log, which says its own why.

import type { ChainReport_Serialize, SiteChain_Serialize } from "../../bindings";
import type { Translator } from "../../i18n";

export function chainWords({ t }: Translator, report: ChainReport_Serialize): string {
  const entries = t("chain.entries", { count: report.entries });
  const b = report.broken;
  if (!b) return t("chain.intact", { entries });
  const where = { seq: b.seq, entries };
  switch (b.problem.kind) {
    case "missing":
      return t("chain.missing", { ...where, next: b.problem.next });
    case "newestRemoved":
    case "anchorBehind":
      return t(`chain.${b.problem.kind}`, { ...where, anchor: b.problem.anchor });
    default:
      return t(`chain.${b.problem.kind}`, where);
  }
}

export function siteChainWords({ t }: Translator, report: SiteChain_Serialize): string {
  const entries = t("chain.entries", { count: report.entries });
  const b = report.broken;
  const said = b ? t("siteChain.broken", { entries, seq: b.seq, why: b.why }) : t("siteChain.intact", { entries });
  return report.copyOnly ? `${said} ${t("siteChain.copyOnly")}` : said;
}
