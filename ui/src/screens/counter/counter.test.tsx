// The counter: search as you type, a scan that opens its order at once,
// choosing among several with the arrows, the date filter, and asking
// Afisha when the cache has nothing.

import { backend, fail } from "../../test/backend";
import { $, $$, click, mount, press, settle, text, type } from "../../test/dom";
import { found, link, status, summary, view } from "../../test/fixtures";

const anna = summary();
const boris = summary({ id: "AF-1002", number: "1002-7730", customerName: "Борис Ким" });

describe("the counter", () => {
  it("has the focus in the scan field and lists today's orders", async () => {
    const b = backend({ search_orders: () => found([anna, boris]) });
    await mount();
    expect(document.activeElement?.id).toBe("scan");
    expect($$("tr.row").map((r) => r.dataset.order)).toEqual(["afisha:AF-1001", "afisha:AF-1002"]);
    expect(b.of("search_orders")[0]).toEqual({ query: "", filter: { date: "today", event: null } });
    // The session in the venue's zone (Moscow), the cached time in the till's.
    expect(text('tr.row[data-order="afisha:AF-1001"]')).toContain("19:30");
    expect(text('tr.row[data-order="afisha:AF-1001"] .source')).toBe("cached 16:03");
  });

  it("searches as the cashier types, once the typing pauses", async () => {
    const b = backend();
    await mount();
    await type("#scan", "Ан");
    await settle(50);
    await type("#scan", "Анна");
    await settle(50);
    expect(b.of("search_orders")).toHaveLength(1);
    await settle(100);
    expect(b.of("search_orders").map((a) => a.query)).toEqual(["", "Анна"]);
  });

  it("opens the one order a scan names exactly, and records the timings", async () => {
    const b = backend({
      search_orders: (a) => (a.query === "ёлка" ? found([{ ...anna, matchedBy: "codeWord" }], { exact: true }) : found([])),
      order_details: () => view(),
    });
    await mount();
    await type("#scan", "ёлка");
    await press("Enter");
    expect(b.of("order_details")).toEqual([{ platform: "afisha", id: "AF-1001" }]);
    expect($("article.order").dataset.order).toBe("afisha:AF-1001");
    expect(text("article.order")).toContain("ЁЛКА");
    const t = window.__boxOffice?.timings;
    expect(t?.enter).toBeTypeOf("number");
    expect(t?.opened).toBeGreaterThanOrEqual(t?.enter ?? Infinity);
    expect(document.activeElement?.id).toBe("scan");
  });

  it("lets the arrows choose among several matches and Enter open the chosen one", async () => {
    const b = backend({
      search_orders: (a) => (a.query ? found([anna, boris]) : found([])),
      order_details: (a) => view({ id: String(a.id) }),
    });
    await mount();
    await type("#scan", "100");
    await press("Enter");
    expect(b.of("order_details")).toHaveLength(0);
    expect(text("#search-message")).toContain("2 orders match");
    await press("ArrowDown");
    expect($("tr.row.selected").dataset.order).toBe("afisha:AF-1002");
    await press("Enter");
    expect(b.of("order_details")).toEqual([{ platform: "afisha", id: "AF-1002" }]);
  });

  it("opens an order clicked in the list and gives the focus back to the field", async () => {
    backend({ search_orders: () => found([anna, boris]), order_details: (a) => view({ id: String(a.id) }) });
    await mount();
    await click('tr.row[data-order="afisha:AF-1002"]');
    expect($("article.order").dataset.order).toBe("afisha:AF-1002");
    await settle(1);
    expect(document.activeElement?.id).toBe("scan");
  });

  it("toggles the date filter with F3 and searches again", async () => {
    const b = backend();
    await mount();
    expect(text("#date-filter")).toContain("Today");
    await press("F3");
    expect(text("#date-filter")).toContain("All dates");
    expect(b.of("search_orders").at(-1)).toEqual({ query: "", filter: { date: "all", event: null } });
    await press("F3");
    expect(b.of("search_orders").at(-1)?.filter).toEqual({ date: "today", event: null });
  });

  it("passes the event filter to the search", async () => {
    const b = backend();
    await mount();
    await type("#event-filter", "рука");
    await settle();
    expect(b.of("search_orders").at(-1)?.filter).toEqual({ date: "today", event: "рука" });
  });

  it("asks Afisha when the cache has nothing, and opens the live order", async () => {
    const b = backend({ ask_afisha: () => view({ source: { live: true, cachedAt: "2026-11-26T12:00:00Z" } }) });
    await mount();
    await type("#scan", "1001-5521");
    await press("Enter");
    expect(b.of("ask_afisha")).toEqual([{ typed: "1001-5521" }]);
    expect(text("#source")).toBe("Live from Afisha");
  });

  it("shows that Afisha is being asked while it answers", async () => {
    let answer: (v: unknown) => void = () => undefined;
    backend({ ask_afisha: () => new Promise((r) => (answer = r)) });
    await mount();
    await type("#scan", "1001-5521");
    await press("Enter");
    expect(text("#search-message")).toBe("Not in the cache; asking Afisha…");
    expect(text("#busy")).toContain("asking Afisha");
    answer(view());
    await settle();
    expect($("article.order")).toBeTruthy();
    expect(text("#busy")).toBe("");
  });

  it("says when Afisha has no such order either", async () => {
    backend({ ask_afisha: () => fail("order-not-found") });
    await mount();
    await type("#scan", "NO-SUCH-42");
    await press("Enter");
    expect(text("#search-message")).toContain("No order matches “NO-SUCH-42”, in the cache or at Afisha");
  });

  it("says when Afisha cannot be reached", async () => {
    backend({ ask_afisha: () => fail("platform-offline") });
    await mount();
    await type("#scan", "NO-SUCH-42");
    await press("Enter");
    expect(text("#search-message")).toContain("Afisha cannot be reached");
  });

  it("does not ask Afisha without a connection to it", async () => {
    const b = backend({ app_status: () => status({ training: false, connected: ["vista"] }) });
    await mount();
    await type("#scan", "NO-SUCH-42");
    await press("Enter");
    expect(b.of("ask_afisha")).toHaveLength(0);
    expect(text("#search-message")).toContain("No order matches “NO-SUCH-42”");
  });

  it("sends keys typed while a button has focus to the scan field", async () => {
    backend();
    await mount();
    const button = $("#date-filter");
    button.focus();
    await press("V", {}, button);
    expect(document.activeElement?.id).toBe("scan");
  });

  it("clears the field and the order on Escape", async () => {
    backend({ search_orders: (a) => (a.query ? found([anna], { exact: true }) : found([])), order_details: () => view() });
    await mount();
    await type("#scan", "ёлка");
    await press("Enter");
    expect($$("article.order")).toHaveLength(1);
    await press("Escape");
    expect($$("article.order")).toHaveLength(0);
    expect(($("#scan") as HTMLInputElement).value).toBe("");
  });

  it("shows the open order as it now is when its platform answers again", async () => {
    const b = backend({
      search_orders: () => found([anna], { exact: true }),
      order_details: () => view({ source: { live: false, cachedAt: "2026-11-26T09:00:00Z" } }),
      refresh_order: () => view({ source: { live: true, cachedAt: "2026-11-26T09:05:00Z" } }),
    });
    b.on("platform_links", () => [link({ reach: "offline" })]);
    await mount();
    await settle(3000);
    await type("#scan", "ёлка");
    await press("Enter");
    expect(b.of("refresh_order")).toHaveLength(0);
    b.on("platform_links", () => [link({ reach: "online" })]);
    await settle(3000);
    expect(b.of("refresh_order")).toEqual([{ platform: "afisha", id: "AF-1001" }]);
    expect($("#source").classList.contains("live")).toBe(true);
  });
});
