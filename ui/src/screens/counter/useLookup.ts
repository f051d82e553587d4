// The counter's search: as the cashier types (debounced), at once on Enter,
// under the date and event filters. Only the newest search's answer is
// shown: an older one arriving late is dropped.

import { useEffect, useRef, useState } from "preact/hooks";

import { commands, type Found_Serialize, type OrderSummary_Serialize } from "../../bindings";
import { call } from "../../ipc";

type Found = Found_Serialize;
export type OrderSummary = OrderSummary_Serialize;
export type DateFilter = "today" | "all";

const SEARCH_DEBOUNCE_MS = 120;

export interface Shown {
  /** The query (and filters) these results answer. */
  query: string;
  found: Found;
}

interface Lookup {
  shown: Shown | null;
  selected: number;
  error: unknown;
  /** The field changed: search after a short pause. */
  typed(query: string): void;
  /**
   * Searches now; the answer (shown only when no newer search overtook it),
   * or null when it failed.
   */
  searchNow(query: string): Promise<Found | null>;
  select(index: number): void;
  move(step: 1 | -1): void;
}

export function useLookup(date: DateFilter, event: string, currentQuery: () => string): Lookup {
  const [shown, setShown] = useState<Shown | null>(null);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  async function searchNow(query: string): Promise<Found | null> {
    clearTimeout(timer.current);
    const mine = ++generation.current;
    try {
      const found = await call(commands.searchOrders(query, { date, event: event.trim() || null }));
      // Overtaken (a search for the same text as it was typed, a list
      // refreshed after a print): not shown, but still the answer to this
      // query, which Enter opens.
      if (mine !== generation.current) return found;
      setShown({ query, found });
      setSelected(0);
      setError(null);
      return found;
    } catch (e) {
      if (mine === generation.current) setError(e);
      return null;
    }
  }

  // A filter changed (or the counter opened): list again for what is typed.
  // Only the filters trigger this; the query has its own path.
  useEffect(() => {
    void searchNow(currentQuery());
    return () => clearTimeout(timer.current);
  }, [date, event]);

  const count = shown?.found.orders.length ?? 0;
  return {
    shown,
    selected,
    error,
    typed(query) {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void searchNow(query), SEARCH_DEBOUNCE_MS);
    },
    searchNow,
    select: setSelected,
    move(step) {
      if (count > 0) setSelected((s) => (s + step + count) % count);
    },
  };
}
