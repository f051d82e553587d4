// The order the counter shows, behind one guard: the counter must always
// show the order just scanned. Answers about orders arrive late and in any
// order (a slow platform, a re-read after a language switch or a platform
// back online, a completion poll, a print's result), so every path that
// sets the shown order goes through here with a ticket taken when its
// request left:
//
// - an open (a scan, a click, Afisha asked) or a clear starts a new
//   generation: whatever was asked before it is stale;
// - a re-read of the open order keeps the generation and names that order:
//   its answer shows only while that order is still the open one (an open
//   already on its way when the re-read left may have replaced it);
// - the order panel may only show newer states of the open order.

import { useRef, useState } from "preact/hooks";

import type { OrderView_Serialize } from "../../bindings";
import { orderKey } from "./Results";

type OrderView = OrderView_Serialize;

export interface Ticket {
  /** The open generation when the request left. */
  readonly gen: number;
  /**
   * The order the answer must be, and that must still be open when it
   * comes: the open order for a re-read; null for an open, whose answer
   * chooses the order.
   */
  readonly key: string | null;
}

export interface ShownOrder {
  view: OrderView | null;
  /** An open starts: answers to anything asked before are stale from now on. */
  opening(): Ticket;
  /** A re-read of the open order (null when none is open), and the order as shown. */
  rereading(): { ticket: Ticket; view: OrderView } | null;
  /** Whether what comes under `ticket` (an answer, an error) is still for the screen. */
  current(ticket: Ticket): boolean;
  /** Shows `view` when its ticket is still current; whether it did. */
  show(view: OrderView, ticket: Ticket): boolean;
  /** Shows no order; what was asked before is stale. */
  clear(): void;
  /** For the order panel: a newer state of the open order, and nothing else. */
  update(view: OrderView): void;
}

export function useShownOrder(): ShownOrder {
  const [view, setView] = useState<OrderView | null>(null);
  const generation = useRef(0);
  // The open order as of the latest show, ahead of the render that draws
  // it: two answers may arrive before that render.
  const open = useRef<OrderView | null>(null);

  function put(v: OrderView | null) {
    open.current = v;
    setView(v);
  }

  function openKey(): string | null {
    return open.current ? orderKey(open.current) : null;
  }

  function current(ticket: Ticket): boolean {
    return ticket.gen === generation.current && (ticket.key === null || ticket.key === openKey());
  }

  return {
    view,
    opening() {
      generation.current++;
      return { gen: generation.current, key: null };
    },
    rereading() {
      const v = open.current;
      return v ? { ticket: { gen: generation.current, key: orderKey(v) }, view: v } : null;
    },
    current,
    show(v, ticket) {
      if (!current(ticket) || (ticket.key !== null && orderKey(v) !== ticket.key)) return false;
      put(v);
      return true;
    },
    clear() {
      generation.current++;
      put(null);
    },
    update(v) {
      if (orderKey(v) === openKey()) put(v);
    },
  };
}
