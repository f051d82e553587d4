// The print log's filter as the manager fills it in, turned into what the
// backend asks: days become the instants the till's local days start.

import type { PrintLogFilter_Deserialize } from "../../bindings";
import { startOfLocalDay } from "../../i18n/format";

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

export function toFilter(f: LogForm, limit: number | null): PrintLogFilter_Deserialize {
  return {
    from: startOfLocalDay(f.from),
    // "To" names the last day shown: prints before the next day starts.
    to: startOfLocalDay(f.to, 1),
    operator: f.operator.trim() || null,
    order: f.order.trim() || null,
    reprintsOnly: f.reprintsOnly,
    limit,
  };
}
