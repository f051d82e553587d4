// The counter: one field that always has the focus and takes typing and
// scanner input (a scanner types fast and ends with Enter), the orders it
// matches in the cache, and the chosen order beside them. A scanned code
// that names one order opens it at once; Afisha is asked only when the
// cache has nothing, and never holds cached results back. Whatever answers
// late, the order shown is the one just scanned (useShownOrder).

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { useApp } from "../../app/context";
import { commands, type OrderView_Serialize } from "../../bindings";
import { useT } from "../../i18n";
import { call, codeOf } from "../../ipc";
import { useShortcut } from "../../shortcuts";
import { mark } from "../../timings";
import { ErrorNote } from "../../ui/ErrorNote";
import { focusScan } from "../../ui/focus";
import { OrderPanel } from "../order/OrderPanel";
import { orderKey, Results } from "./Results";
import { searchMessage, type Say } from "./searchMessage";
import { useLookup, type DateFilter, type OrderSummary } from "./useLookup";
import { useShownOrder, type Ticket } from "./useShownOrder";

type OrderView = OrderView_Serialize;

export function Counter(): JSX.Element {
  const { t, lang } = useT();
  const app = useApp();
  const field = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const [date, setDate] = useState<DateFilter>("today");
  const [event, setEvent] = useState("");
  const shown = useShownOrder();
  const view = shown.view;
  const [openError, setOpenError] = useState<unknown>(null);
  const [say, setSay] = useState<Say>({ kind: "none" });
  // Enter asks Afisha for an order the cache lacks only with a connection
  // to Afisha (or the training sandbox).
  const afisha = app.status.connected.includes("afisha");
  const lookup = useLookup(date, event, () => field.current?.value ?? "");

  useEffect(() => {
    field.current?.focus();
  }, []);

  // Order views come worded in the window's language: ask again after a switch.
  const shownLang = useRef(lang);
  useEffect(() => {
    if (shownLang.current === lang) return;
    shownLang.current = lang;
    void reopen(shown.rereading());
  }, [lang]);

  // When the open order's platform answers again after being offline, the
  // order is shown as it now is (Afisha is asked; the others are re-read).
  const reach = view ? app.links.find((l) => l.platform === view.platform)?.reach : undefined;
  const lastReach = useRef(reach);
  useEffect(() => {
    const was = lastReach.current;
    lastReach.current = reach;
    const r = shown.rereading();
    if (was !== "offline" || reach !== "online" || !r) return;
    if (r.view.canRefresh) {
      call(commands.refreshOrder(r.view.platform, r.view.id)).then(
        (v) => void shown.show(v, r.ticket),
        () => void reopen(r),
      );
    } else {
      void reopen(r);
    }
  }, [reach]);

  /** Reads the open order again from the cache, as `r` named it. */
  async function reopen(r: { ticket: Ticket; view: OrderView } | null): Promise<void> {
    if (!r || !shown.current(r.ticket)) return;
    try {
      shown.show(await call(commands.orderDetails(r.view.platform, r.view.id)), r.ticket);
    } catch (e) {
      if (shown.current(r.ticket)) setOpenError(e);
    }
  }

  async function open(o: Pick<OrderSummary, "platform" | "id">, ticket = shown.opening()): Promise<void> {
    setSay({ kind: "none" });
    try {
      const v = await call(commands.orderDetails(o.platform, o.id));
      if (shown.show(v, ticket)) setOpenError(null);
    } catch (e) {
      if (shown.current(ticket)) setOpenError(e);
    }
    focusScan();
  }

  async function askAfisha(typed: string): Promise<void> {
    const ticket = shown.opening();
    setSay({ kind: "asking", query: typed });
    try {
      const v = await app.busy(t("counter.askingAfisha"), () => call(commands.askAfisha(typed)));
      if (!shown.show(v, ticket)) return;
      setSay({ kind: "none" });
      setOpenError(null);
      void lookup.searchNow(field.current?.value ?? "");
    } catch (e) {
      if (!shown.current(ticket)) return;
      const code = codeOf(e);
      if (code === "order-not-found") setSay({ kind: "afishaNotFound", query: typed });
      else if (code === "platform-unreachable" || code === "platform-offline") setSay({ kind: "afishaUnreachable", query: typed });
      else setSay({ kind: "afishaError", error: e });
    }
  }

  async function enter(): Promise<void> {
    mark("enter");
    const typed = field.current?.value ?? "";
    const listed = lookup.shown;
    // Several orders are listed for exactly this: Enter opens the chosen row.
    if (listed && listed.query === typed && !listed.found.exact && listed.found.orders.length > 1) {
      const pick = listed.found.orders[lookup.selected];
      if (pick) void open(pick);
      return;
    }
    // The scan is the newest thing asked: whatever was on its way before it
    // (another scan's search, a re-read) must not replace what it opens.
    const ticket = shown.opening();
    const found = await lookup.searchNow(typed);
    if (!found || !shown.current(ticket)) return;
    const first = found.orders[0];
    if (first && (found.exact || found.orders.length === 1)) {
      await open(first, ticket);
      // The code is consumed: the next scan replaces it.
      field.current?.select();
    } else if (!first && typed.trim() && afisha) {
      void askAfisha(typed.trim());
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "Enter") {
      e.preventDefault();
      void enter();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      lookup.move(e.key === "ArrowDown" ? 1 : -1);
    }
  }

  function onInput(e: Event) {
    const value = (e.currentTarget as HTMLInputElement).value;
    setQuery(value);
    setSay({ kind: "none" });
    lookup.typed(value);
  }

  function toggleDate() {
    setDate((d) => (d === "today" ? "all" : "today"));
    focusScan();
  }

  function clear() {
    shown.clear();
    setQuery("");
    setOpenError(null);
    setSay({ kind: "none" });
    if (field.current) field.current.value = "";
    void lookup.searchNow("");
    focusScan();
  }

  useShortcut("F3", toggleDate);
  useShortcut("Escape", clear);

  const orders = lookup.shown?.found.orders ?? [];
  const openKey = view ? orderKey(view) : null;

  return (
    <main id="counter" class="counter">
      <section class="search" aria-label={t("counter.searchLabel")}>
        <input
          id="scan"
          ref={field}
          type="search"
          autocomplete="off"
          spellcheck={false}
          aria-label={t("counter.scanLabel")}
          placeholder={t("counter.scanPlaceholder")}
          value={query}
          onInput={onInput}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          id="date-filter"
          data-date={date}
          aria-pressed={date === "all"}
          aria-keyshortcuts="F3"
          onClick={toggleDate}
        >
          {t(date === "today" ? "counter.today" : "counter.allDates")}
          <span class="key"> · F3</span>
        </button>
        <label class="event-filter">
          <span class="visually-hidden">{t("counter.eventLabel")}</span>
          <input
            id="event-filter"
            type="search"
            autocomplete="off"
            placeholder={t("counter.eventPlaceholder")}
            value={event}
            onInput={(e) => setEvent((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
      </section>
      <p id="search-message" class="message" role="status">
        {searchMessage(t, { say, shown: lookup.shown, query, date, afisha })}
      </p>
      {lookup.error !== null && <ErrorNote error={lookup.error} />}
      <div class="panes">
        <section class="orders" aria-label={t("counter.ordersLabel")}>
          <Results
            orders={orders}
            selected={lookup.selected}
            openKey={openKey}
            onOpen={(i) => {
              lookup.select(i);
              const o = orders[i];
              if (o) void open(o);
            }}
          />
        </section>
        <section class="detail" aria-label={t("counter.orderLabel")}>
          {openError !== null && <ErrorNote error={openError} />}
          {view ? (
            <OrderPanel
              key={openKey}
              view={view}
              setView={shown.update}
              onChanged={() => void lookup.searchNow(field.current?.value ?? "")}
            />
          ) : (
            openError === null && <p class="empty">{t("counter.empty")}</p>
          )}
        </section>
      </div>
    </main>
  );
}
