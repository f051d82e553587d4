// The line under the scan field (#search-message): what asking Afisha
// came to, or what the cached results say (nothing matches, several do,
// more than are shown).

import type { Translator } from "../../i18n";
import { errorMessage } from "../../ui/ErrorNote";
import type { DateFilter, Shown } from "./useLookup";

export type Say =
  | { kind: "none" }
  | { kind: "asking"; query: string }
  | { kind: "afishaNotFound"; query: string }
  | { kind: "afishaUnreachable"; query: string }
  | { kind: "afishaError"; error: unknown };

interface State {
  say: Say;
  shown: Shown | null;
  /** What the field holds now. */
  query: string;
  date: DateFilter;
  /** Whether Enter would ask Afisha. */
  afisha: boolean;
}

export function searchMessage(t: Translator["t"], { say, shown, query, date, afisha }: State): string {
  switch (say.kind) {
    case "asking":
      return t("counter.askingAfisha");
    case "afishaNotFound":
      return t("counter.afishaNotFound", { query: say.query });
    case "afishaUnreachable":
      return t("counter.afishaUnreachable", { query: say.query });
    case "afishaError":
      return errorMessage(t, say.error);
    case "none":
      break;
  }
  // Results for an older query say nothing about what is typed now.
  if (!shown || shown.query !== query) return "";
  const q = query.trim();
  const n = shown.found.orders.length;
  if (q && n === 0) {
    const base = t(afisha ? "counter.noMatchAskAfisha" : "counter.noMatch", { query: q });
    return date === "today" ? `${base} ${t("counter.todayOnly")}` : base;
  }
  if (shown.found.truncated) return t("counter.truncated", { count: n });
  if (q && n > 1 && !shown.found.exact) return t("counter.several", { count: n });
  return "";
}
