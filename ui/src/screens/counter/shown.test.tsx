// The counter always shows the order just scanned: answers held back by
// hand and let go late (a re-read after a language switch or a platform
// back online, a completion poll, a print) never replace an order opened
// after they were asked for; and the ordinary paths still show what they
// bring.

import type { OrderView_Serialize } from "../../bindings";
import { backend, type Backend } from "../../test/backend";
import { $, $$, choose, mount, press, settle, text, type } from "../../test/dom";
import { entry, found, link, report, summary, ticket, view, vistaView } from "../../test/fixtures";

const A = view();
const B = view({
  id: "AF-1002",
  number: "1002-7730",
  eventName: "Ирония судьбы",
  ids: { orderNumber: "1002-7730", codeWord: null, transactionNumber: null, processId: null, listingId: null },
});
/** A Vista order whose completion another till is carrying on: it is polled. */
const V = vistaView({ canComplete: false, completion: entry({ state: "pending", running: true }) });

interface Held {
  what: string;
  go(): void;
}

/** A backend whose answers about some orders the test holds back and lets go by hand. */
function counter(handlers: Parameters<typeof backend>[0] = {}) {
  const held: Held[] = [];
  /** The orders (by id) whose order_details answers are held from now on. */
  const holding = new Set<string>();
  const hold = <T,>(what: string, value: T): Promise<T> => new Promise((r) => held.push({ what, go: () => r(value) }));
  const orders: Record<string, OrderView_Serialize> = { [A.id]: A, [B.id]: B, [V.id]: V };
  const b: Backend = backend({
    search_orders: (a) => {
      const o = Object.values(orders).find((v) => v.number === a.query);
      return o ? found([summary({ platform: o.platform, id: o.id, number: o.number })], { exact: true }) : found([]);
    },
    order_details: (a) => {
      const id = String(a.id);
      const v = orders[id];
      return holding.has(id) ? hold(`details ${id}`, v) : v;
    },
    ...handlers,
  });
  return {
    b,
    holding,
    hold,
    /** What order_details answers for the order from now on. */
    set: (v: OrderView_Serialize) => {
      orders[v.id] = v;
    },
    /** How many answers of `what` are held. */
    waiting: (what: string) => held.filter((h) => h.what === what).length,
    /** Lets every held answer of `what` go, oldest first. */
    async release(what: string) {
      for (const h of held.filter((x) => x.what === what)) {
        held.splice(held.indexOf(h), 1);
        h.go();
      }
      await settle();
    },
    /**
     * Lets the held answers of each `what` go at once, in this order: they
     * arrive together, before the window draws the first of them.
     */
    async releaseTogether(...whats: string[]) {
      for (const what of whats) {
        for (const h of held.filter((x) => x.what === what)) {
          held.splice(held.indexOf(h), 1);
          h.go();
        }
      }
      await settle();
    },
  };
}

async function scan(code: string): Promise<void> {
  await type("#scan", code);
  await press("Enter", {}, $("#scan"));
}

function shownOrder(): string | undefined {
  return $$("article.order")[0]?.dataset.order;
}

describe("the order just scanned", () => {
  it("stays shown when a re-read of the order before (after a language switch) answers late", async () => {
    const c = counter();
    await mount();
    await scan(A.number);
    expect(shownOrder()).toBe("afisha:AF-1001");
    c.holding.add(A.id);
    await choose("#language", "ru");
    expect(c.waiting("details AF-1001")).toBe(1);
    await scan(B.number);
    expect(shownOrder()).toBe("afisha:AF-1002");
    await c.release("details AF-1001");
    expect(shownOrder()).toBe("afisha:AF-1002");
    expect(text("#order-title")).toContain("Ирония судьбы");
  });

  it("stays shown when the refresh of the order before (its platform back online) answers late", async () => {
    const c = counter({ refresh_order: () => c.hold("refresh", view({ source: { live: true, cachedAt: null } })) });
    await mount();
    await scan(A.number);
    c.b.on("platform_links", () => [link({ reach: "offline" })]);
    await settle(3000);
    c.b.on("platform_links", () => [link({ reach: "online" })]);
    await settle(3000);
    expect(c.waiting("refresh")).toBe(1);
    await scan(B.number);
    expect(shownOrder()).toBe("afisha:AF-1002");
    await c.release("refresh");
    expect(shownOrder()).toBe("afisha:AF-1002");
    expect($("#source").classList.contains("live")).toBe(false);
  });

  it("stays shown when the language switched while it was being opened and the order before answers last", async () => {
    const c = counter();
    await mount();
    await scan(A.number);
    c.holding.add(B.id);
    await scan(B.number);
    c.holding.add(A.id);
    await choose("#language", "ru");
    expect(c.waiting("details AF-1001")).toBe(1);
    await c.release("details AF-1002");
    expect(shownOrder()).toBe("afisha:AF-1002");
    await c.release("details AF-1001");
    expect(shownOrder()).toBe("afisha:AF-1002");
  });

  it("stays shown when a completion poll of the order before answers after it opened", async () => {
    const c = counter();
    await mount();
    await scan(V.number);
    expect(shownOrder()).toBe("vista:VS-2001");
    c.holding.add(V.id);
    await settle(500);
    expect(c.waiting("details VS-2001")).toBeGreaterThan(0);
    await scan(B.number);
    expect(shownOrder()).toBe("afisha:AF-1002");
    await c.release("details VS-2001");
    expect(shownOrder()).toBe("afisha:AF-1002");
    expect($$("#completion")).toHaveLength(0);
  });

  it("stays shown when a poll of the order before, completing at another counter, answers after it opened", async () => {
    const c = counter();
    c.set(vistaView({ canComplete: false, elsewhere: { counter: "kassa-2", operator: null, state: "pending" } }));
    await mount();
    await scan(V.number);
    expect($("#completion-elsewhere").dataset.state).toBe("pending");
    c.holding.add(V.id);
    await settle(2000);
    expect(c.waiting("details VS-2001")).toBe(1);
    await scan(B.number);
    await c.release("details VS-2001");
    expect(shownOrder()).toBe("afisha:AF-1002");
    expect($$("#completion-elsewhere")).toHaveLength(0);
  });

  it("stays shown when the print of the order before finishes after it opened", async () => {
    const printed = view({ unprintedCount: 0, tickets: [ticket({ copies: 1 }), ticket({ id: "T2", copies: 1 })] });
    const c = counter({ print_order: () => c.hold("print", { report: report(), view: printed }) });
    await mount();
    await scan(A.number);
    await press("F4");
    expect(c.waiting("print")).toBe(1);
    await scan(B.number);
    await c.release("print");
    expect(shownOrder()).toBe("afisha:AF-1002");
    expect(text("#action-result")).toBe("");
  });

  it("stays shown when a completion poll of the order before lands together with it", async () => {
    const c = counter();
    await mount();
    await scan(V.number);
    c.holding.add(V.id);
    await settle(500);
    c.holding.add(B.id);
    await scan(B.number);
    expect(shownOrder()).toBe("vista:VS-2001");
    // B's answer first, then V's poll, before the window draws B.
    await c.releaseTogether("details AF-1002", "details VS-2001");
    expect(shownOrder()).toBe("afisha:AF-1002");
  });

  it("stays shown when the print of the order before lands together with it", async () => {
    const printed = view({ unprintedCount: 0, tickets: [ticket({ copies: 1 }), ticket({ id: "T2", copies: 1 })] });
    const c = counter({ print_order: () => c.hold("print", { report: report(), view: printed }) });
    await mount();
    await scan(A.number);
    await press("F4");
    c.holding.add(B.id);
    await scan(B.number);
    await c.releaseTogether("details AF-1002", "print");
    expect(shownOrder()).toBe("afisha:AF-1002");
    expect(text("#action-result")).toBe("");
  });

  it("opens when the list refreshed after a print overtakes its search", async () => {
    const printed = view({ unprintedCount: 0, tickets: [ticket({ copies: 1 }), ticket({ id: "T2", copies: 1 })] });
    let first = true;
    const c = counter({
      print_order: () => c.hold("print", { report: report(), view: printed }),
      search_orders: (a) => {
        if (a.query !== B.number) return found([summary()], { exact: true });
        const answer = found([summary({ id: B.id, number: B.number })], { exact: true });
        if (!first) return answer;
        first = false;
        return c.hold("search", answer);
      },
    });
    await mount();
    await scan(A.number);
    await press("F4");
    await scan(B.number);
    expect(c.waiting("search")).toBe(1);
    // The print ends: the list is searched again for what is typed, and
    // that answer comes before the scan's own.
    await c.release("print");
    await c.release("search");
    expect(shownOrder()).toBe("afisha:AF-1002");
  });

  it("stays shown when the slow search of the scan before answers after it", async () => {
    let first = true;
    const c = counter({
      search_orders: (a) => {
        const o = [A, B].find((v) => v.number === a.query);
        const answer = o ? found([summary({ id: o.id, number: o.number })], { exact: true }) : found([]);
        if (a.query !== A.number || !first) return answer;
        first = false;
        return c.hold("search A", answer);
      },
    });
    await mount();
    await scan(A.number);
    await scan(B.number);
    expect(shownOrder()).toBe("afisha:AF-1002");
    await c.release("search A");
    expect(shownOrder()).toBe("afisha:AF-1002");
  });

  it("stays shown when a slow open of the order before answers after it", async () => {
    const c = counter();
    await mount();
    c.holding.add(A.id);
    await scan(A.number);
    await scan(B.number);
    await c.release("details AF-1001");
    expect(shownOrder()).toBe("afisha:AF-1002");
  });
});

describe("the open order", () => {
  it("is shown reworded when its re-read after a language switch answers late", async () => {
    const c = counter();
    await mount();
    await scan(A.number);
    // The backend words the re-read in the new language.
    c.set(view({ session: "чт, 26 нояб. 2026 г., 19:30 MSK" }));
    c.holding.add(A.id);
    await choose("#language", "ru");
    expect(text("article.order")).not.toContain("чт, 26 нояб.");
    await c.release("details AF-1001");
    expect(shownOrder()).toBe("afisha:AF-1001");
    expect(text("article.order")).toContain("чт, 26 нояб.");
  });

  it("is shown as it now is when its platform's late refresh answers", async () => {
    const c = counter({ refresh_order: () => c.hold("refresh", view({ source: { live: true, cachedAt: null } })) });
    await mount();
    await scan(A.number);
    c.b.on("platform_links", () => [link({ reach: "offline" })]);
    await settle(3000);
    c.b.on("platform_links", () => [link({ reach: "online" })]);
    await settle(3000);
    await c.release("refresh");
    expect(shownOrder()).toBe("afisha:AF-1001");
    expect($("#source").classList.contains("live")).toBe(true);
  });

  it("follows its completion poll and its print result, however late", async () => {
    const printed = view({ unprintedCount: 0, tickets: [ticket({ copies: 1 }), ticket({ id: "T2", copies: 1 })] });
    const c = counter({ print_order: () => c.hold("print", { report: report(), view: printed }) });
    await mount();
    await scan(A.number);
    await press("F4");
    await c.release("print");
    expect(text('tr.ticket[data-ticket="T1"] .copies')).toBe("Printed");
    expect(text("#action-result")).toContain("Printed 2 tickets");

    await scan(V.number);
    c.set(vistaView({ canComplete: false, completion: entry({ state: "completed", running: false }) }));
    c.holding.add(V.id);
    await settle(500);
    expect($("#completion").dataset.state).toBe("pending");
    await c.release("details VS-2001");
    expect(shownOrder()).toBe("vista:VS-2001");
    expect($("#completion").dataset.state).toBe("completed");
  });

  it("is shown when a slow open answers with nothing else asked meanwhile", async () => {
    const c = counter();
    await mount();
    c.holding.add(B.id);
    await scan(B.number);
    expect($$("article.order")).toHaveLength(0);
    await c.release("details AF-1002");
    expect(shownOrder()).toBe("afisha:AF-1002");
  });

  it("goes on Escape, and a late re-read does not bring it back", async () => {
    const c = counter();
    await mount();
    await scan(A.number);
    c.holding.add(A.id);
    await choose("#language", "ru");
    await press("Escape", {}, $("#scan"));
    expect($$("article.order")).toHaveLength(0);
    await c.release("details AF-1001");
    expect($$("article.order")).toHaveLength(0);
  });
});
