import { beforeEach, describe, expect, it, vi } from "vitest";

import { BackendError, type Backend, type OrderSummary, type OrderView } from "./api";
import { mountCounter } from "./counter";

function summary(id: string, number: string): OrderSummary {
  return {
    platform: "afisha",
    id,
    number,
    status: "completed",
    eventName: "Бриллиантовая рука",
    session: "чт, 26 ноября 2026, 19:30 MSK",
    customerName: "Анна Щербакова",
    ticketCount: 2,
    profile: "training",
    completion: null,
  };
}

function view(id: string): OrderView {
  return {
    order: {
      platform: "afisha",
      id,
      ids: { orderNumber: "1001-5521", codeWord: "ЁЛКА", transactionNumber: null, processId: null, listingId: null },
      status: "completed",
      platformStatus: "APPROVED",
      orderType: null,
      event: { id: null, name: "Бриллиантовая рука", rating: "12+", session: null },
      venue: null,
      customer: null,
      tickets: [],
      sum: null,
      attachment: "TICKETS",
      orderBarcode: null,
      organizerInfo: null,
      partnerComment: null,
      cancelled: [],
      errors: [],
      createdAt: null,
      expiresAt: null,
      raw: null,
    },
    session: "чт, 26 ноября 2026, 19:30 MSK",
    total: "990,00 ₽",
    customer: "Анна Щербакова",
    tickets: [
      { id: "T1", seat: "Row 5, Seat 11", category: "Стандарт", price: "495,00 ₽", state: "valid", printable: true },
      { id: "T2", seat: "Row 5, Seat 12", category: "Стандарт", price: "495,00 ₽", state: "refunded", printable: false },
    ],
    printableCount: 1,
    completion: null,
    canComplete: false,
    canRefresh: true,
    expiresAt: null,
  };
}

function fakeBackend(orders: OrderSummary[]): Backend & { searched: string[] } {
  const searched: string[] = [];
  return {
    searched,
    appStatus: vi.fn(async () => ({
      version: "0.1.0",
      training: true,
      sandboxUrl: "http://127.0.0.1:1",
      dataDir: "/tmp/x",
      orderCount: orders.length,
      startupError: null,
    })),
    searchOrders: vi.fn(async (q: string) => {
      searched.push(q);
      const key = q.trim().toUpperCase().replace(/[\s-]/g, "");
      return key ? orders.filter((o) => o.number.replace(/-/g, "").startsWith(key) || key === "ЁЛКА") : orders;
    }),
    orderDetails: vi.fn(async (_p, id) => view(id)),
    completeOrder: vi.fn(async (_p, id) => ({
      state: "completed" as const,
      message: "Completed. Collection number 70001.",
      requestId: "r-1",
      view: view(id),
    })),
    refreshOrder: vi.fn(async (_p, id) => view(id)),
    stocks: vi.fn(async () => ["thermal-80", "boca", "a4", "letter"]),
    savePdf: vi.fn(async () => ({ path: "/data/tickets/x.pdf", pages: 1, refused: ["AF-1012-1: wrong check digit"] })),
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

describe("the counter screen", () => {
  let root: HTMLElement;
  beforeEach(() => {
    document.body.innerHTML = '<div id="app"></div>';
    root = document.getElementById("app") as HTMLElement;
  });

  it("starts with the scan field focused, the training banner and the order list", async () => {
    const backend = fakeBackend([summary("A1", "1001-5521"), summary("A2", "1002-7710")]);
    const counter = await mountCounter(root, backend);
    expect(document.activeElement).toBe(counter.field);
    expect(root.querySelector("#training-banner")?.textContent).toContain("TRAINING MODE");
    expect(root.querySelectorAll("tr.row")).toHaveLength(2);
  });

  it("opens the only match when a scan ends with Enter, and keeps focus for the next scan", async () => {
    const backend = fakeBackend([summary("A1", "1001-5521"), summary("A2", "1002-7710")]);
    const counter = await mountCounter(root, backend);
    counter.field.value = "1001 5521";
    counter.field.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await settle();
    expect(backend.orderDetails).toHaveBeenCalledWith("afisha", "A1");
    const article = root.querySelector("article.order");
    expect(article?.getAttribute("data-order")).toBe("afisha:A1");
    expect(article?.textContent).toContain("ЁЛКА");
    expect(root.querySelectorAll("tr.ticket.muted")).toHaveLength(1);
    expect(document.activeElement).toBe(counter.field);
  });

  it("completes an order and shows what happened, then returns focus to the field", async () => {
    const backend = fakeBackend([summary("A1", "1001-5521")]);
    const inProgress = view("V1");
    inProgress.order.platform = "vista";
    inProgress.canComplete = true;
    inProgress.canRefresh = false;
    inProgress.expiresAt = new Date(Date.now() + 5 * 60_000).toISOString();
    backend.orderDetails = vi.fn(async () => inProgress);
    const counter = await mountCounter(root, backend);
    await counter.open({ platform: "vista", id: "V1" });
    expect(root.querySelector(".expiry")?.textContent).toMatch(/held for [45]:\d\d more/);
    (root.querySelector("#complete") as HTMLButtonElement).click();
    await settle();
    expect(backend.completeOrder).toHaveBeenCalledWith("vista", "V1");
    expect(root.querySelector("#action-result")?.textContent).toContain("Collection number 70001");
    expect(document.activeElement).toBe(counter.field);
  });

  it("saves the PDF on the chosen stock and lists refused tickets", async () => {
    const backend = fakeBackend([summary("A1", "1001-5521")]);
    const counter = await mountCounter(root, backend);
    await counter.open({ platform: "afisha", id: "A1" });
    (root.querySelector("#stock") as HTMLSelectElement).value = "boca";
    (root.querySelector("#save-pdf") as HTMLButtonElement).click();
    await settle();
    expect(backend.savePdf).toHaveBeenCalledWith("afisha", "A1", "boca");
    const result = root.querySelector("#action-result")?.textContent ?? "";
    expect(result).toContain("/data/tickets/x.pdf");
    expect(result).toContain("wrong check digit");
  });

  it("flags an order whose completion needs a person in the list", async () => {
    const stuck = { ...summary("P1", "PC-3008"), platform: "paciolan" as const, status: "inProgress" as const, completion: "needsAttention" as const };
    const backend = fakeBackend([stuck, summary("A1", "1001-5521")]);
    await mountCounter(root, backend);
    const badges = [...root.querySelectorAll("tr.row .badge")].map((b) => b.textContent);
    expect(badges).toEqual(["Needs attention", "Sold"]);
  });

  it("says so when nothing matches", async () => {
    const backend = fakeBackend([summary("A1", "1001-5521")]);
    const counter = await mountCounter(root, backend);
    await counter.search("9999");
    expect(root.querySelector(".message")?.textContent).toContain("No order matches “9999”");
  });

  it("sends keys typed elsewhere to the scan field", async () => {
    const backend = fakeBackend([summary("A1", "1001-5521")]);
    const counter = await mountCounter(root, backend);
    counter.field.blur();
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "4", bubbles: true }));
    expect(document.activeElement).toBe(counter.field);
  });

  it("shows the backend's message when an order cannot be opened", async () => {
    const backend = fakeBackend([summary("A1", "1001-5521")]);
    backend.orderDetails = vi.fn(async () => {
      throw new BackendError({ code: "order-not-found", message: "No Afisha order “A1” is known at this counter." });
    });
    const counter = await mountCounter(root, backend);
    await counter.open({ platform: "afisha", id: "A1" });
    expect(root.querySelector(".detail .error")?.textContent).toContain("No Afisha order");
  });

  it("shows why Box Office cannot start instead of the counter", async () => {
    const backend = fakeBackend([]);
    backend.appStatus = vi.fn(async () => ({
      version: "0.1.0",
      training: false,
      sandboxUrl: null,
      dataDir: "/data",
      orderCount: 0,
      startupError: { code: "database-too-new" as const, message: "written by a newer Box Office" },
    }));
    await expect(mountCounter(root, backend)).rejects.toThrow("newer Box Office");
    expect(root.querySelector(".fatal")?.textContent).toContain("written by a newer Box Office");
  });
});
