// The counter screen: one always-focused field that takes typing and
// scanner input (scanners type like a keyboard and end with Enter), the list
// of orders matching it, and the chosen order.

import { BackendError, type Backend, type OrderSummary, type OrderView } from "./api";
import { h, replace } from "./dom";
import { platformLabel, rowBadge } from "./format";
import { renderOrder } from "./orderView";

const SEARCH_DELAY_MS = 120;

export interface Counter {
  readonly field: HTMLInputElement;
  search(query: string): Promise<OrderSummary[]>;
  open(summary: Pick<OrderSummary, "platform" | "id">): Promise<void>;
}

function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName);
}

function errorText(e: unknown): string {
  if (e instanceof BackendError) return e.message;
  return "Something went wrong inside Box Office. Try again; if it keeps happening, call support.";
}

export async function mountCounter(root: HTMLElement, backend: Backend): Promise<Counter> {
  const status = await backend.appStatus();
  if (status.startupError) {
    replace(
      root,
      h(
        "section",
        { class: "fatal", role: "alert" },
        h("h1", {}, "Box Office cannot start"),
        h("p", {}, status.startupError.message),
        h("p", { class: "hint" }, `Data folder: ${status.dataDir}`),
      ),
    );
    throw new BackendError(status.startupError);
  }

  const field = h("input", {
    id: "scan",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    "aria-label": "Order number, code word or barcode",
    placeholder: "Scan or type an order number, code word or barcode",
  });
  const message = h("p", { class: "message", role: "status" });
  const list = h("tbody", {});
  const detail = h("section", { class: "detail", "aria-label": "Order" }, h("p", { class: "empty" }, "Scan a ticket or an order to begin."));
  const stocks = await backend.stocks();
  let results: OrderSummary[] = [];
  let selected = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const banner = status.training
    ? h(
        "div",
        { class: "training", role: "note", id: "training-banner" },
        h("strong", {}, "TRAINING MODE"),
        " — orders, payments and tickets here are not real. Built-in sandbox at ",
        h("code", {}, status.sandboxUrl ?? "(unavailable)"),
        ".",
      )
    : null;

  function renderList(): void {
    replace(
      list,
      ...results.map((o, i) =>
        h(
          "tr",
          {
            class: i === selected ? "row selected" : "row",
            "data-order": `${o.platform}:${o.id}`,
            onclick: () => void open(o),
          },
          h("td", {}, h("span", { class: `platform ${o.platform}` }, platformLabel(o.platform))),
          h("td", { class: "number" }, o.number),
          h("td", {}, o.eventName ?? ""),
          h("td", {}, o.session ?? ""),
          h("td", {}, o.customerName ?? ""),
          h("td", { class: "num" }, o.ticketCount),
          h("td", {}, h("span", { class: `badge ${rowBadge(o).tone}` }, rowBadge(o).label)),
        ),
      ),
    );
  }

  async function search(query: string): Promise<OrderSummary[]> {
    const mine = ++generation;
    try {
      const found = await backend.searchOrders(query);
      if (mine !== generation) return found; // a newer search has started
      results = found;
      selected = found.length > 0 ? 0 : -1;
      message.textContent =
        query.trim() && found.length === 0
          ? `No order matches “${query.trim()}”. Check the number, or ask for the code word.`
          : "";
      renderList();
      return found;
    } catch (e) {
      message.textContent = errorText(e);
      return [];
    }
  }

  function say(text: string, tone: "ok" | "bad" | "wait"): void {
    const el = detail.querySelector("#action-result");
    if (el) {
      el.textContent = text;
      el.className = `action-result ${tone}`;
    }
  }

  function busy(on: boolean): void {
    detail.querySelectorAll("button, select").forEach((b) => {
      (b as HTMLButtonElement).disabled = on;
    });
  }

  function show(view: OrderView): void {
    const o = { platform: view.order.platform, id: view.order.id };
    replace(
      detail,
      renderOrder(
        view,
        {
          complete: () => void act(`Completing on ${platformLabel(o.platform)}… this can take up to 90 s.`, async () => {
            const r = await backend.completeOrder(o.platform, o.id);
            show(r.view);
            say(r.message, r.state === "completed" ? "ok" : r.state === "pending" ? "wait" : "bad");
          }),
          refresh: () => void act(`Asking ${platformLabel(o.platform)}…`, async () => {
            show(await backend.refreshOrder(o.platform, o.id));
            say("Up to date.", "ok");
          }),
          savePdf: (stock) => void act("Rendering the tickets…", async () => {
            const saved = await backend.savePdf(o.platform, o.id, stock);
            const refused = saved.refused.length ? ` Left out: ${saved.refused.join(" ")}` : "";
            say(`Saved ${saved.pages} page(s) to ${saved.path}.${refused}`, saved.refused.length ? "bad" : "ok");
          }),
        },
        stocks,
      ),
    );
  }

  async function act(waiting: string, work: () => Promise<void>): Promise<void> {
    say(waiting, "wait");
    busy(true);
    try {
      await work();
    } catch (e) {
      say(errorText(e), "bad");
    } finally {
      busy(false);
      field.focus();
      void search(field.value);
    }
  }

  async function open(o: Pick<OrderSummary, "platform" | "id">): Promise<void> {
    try {
      show(await backend.orderDetails(o.platform, o.id));
    } catch (e) {
      replace(detail, h("p", { class: "error", role: "alert" }, errorText(e)));
    }
    field.focus();
  }

  field.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(field.value), SEARCH_DELAY_MS);
  });
  field.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      ev.preventDefault();
      clearTimeout(timer);
      const query = field.value;
      void search(query).then((found) => {
        const pick = found.length === 1 ? found[0] : found[selected];
        if (pick && (found.length === 1 || selected >= 0)) void open(pick);
        // A scanned code is consumed: select it so the next scan replaces it.
        field.select();
      });
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (results.length === 0) return;
      const step = ev.key === "ArrowDown" ? 1 : -1;
      selected = (selected + step + results.length) % results.length;
      renderList();
    } else if (ev.key === "Escape") {
      field.value = "";
      void search("");
    }
  });
  // Keys typed anywhere else (a scanner fires while a button has focus) go
  // to the field, so no scan is ever lost.
  document.addEventListener("keydown", (ev) => {
    if (ev.target !== field && !isTypingTarget(ev.target) && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      field.focus();
    }
  });
  window.addEventListener("focus", () => field.focus());

  replace(
    root,
    ...[
      banner,
      h(
        "header",
        { class: "topbar" },
        h("h1", {}, "Box Office"),
        h("span", { class: "version" }, `v${status.version}`),
      ),
      h("section", { class: "search" }, field, message),
      h(
        "main",
        { class: "panes" },
        h(
          "section",
          { class: "orders", "aria-label": "Orders" },
          h(
            "table",
            {},
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ...["Platform", "Order", "Event", "Session", "Customer", "Tickets", "Status"].map((c) => h("th", {}, c)),
              ),
            ),
            list,
          ),
        ),
        detail,
      ),
    ].filter((n): n is HTMLElement => n !== null),
  );
  field.focus();
  await search("");
  return { field, search, open };
}
