// The print log's filter as the manager fills it in, turned into what the
// backend asks: days, typed in the window language's format, become the
// instants the till's local days start.

import type { PrintLogFilter_Deserialize } from "../../bindings";
import { parseDay, startOfLocalDay } from "../../i18n/format";

export interface LogForm {
  from: string;
  to: string;
  operator: string;
  order: string;
  reprintsOnly: boolean;
}

export const EMPTY_FORM: LogForm = { from: "", to: "", operator: "", order: "", reprintsOnly: false };

/** The newest prints shown on screen; the export has no limit. */
export const SHOWN_LIMIT = 500;

/** The day fields that hold something other than a day (empty is no bound). */
export function badDays(f: LogForm, locale: string): ("from" | "to")[] {
  return (["from", "to"] as const).filter((k) => f[k].trim() !== "" && parseDay(f[k], locale) === null);
}

function bound(text: string, locale: string, plusDays = 0): string | null {
  const day = parseDay(text, locale);
  return day === null ? null : startOfLocalDay(day, plusDays);
}

export function toFilter(f: LogForm, locale: string, limit: number | null): PrintLogFilter_Deserialize {
  return {
    from: bound(f.from, locale),
    // "To" names the last day shown: prints before the next day starts.
    to: bound(f.to, locale, 1),
    operator: f.operator.trim() || null,
    order: f.order.trim() || null,
    reprintsOnly: f.reprintsOnly,
    limit,
  };
}
