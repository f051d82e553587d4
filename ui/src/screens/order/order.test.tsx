// The order panel: what it shows of an order and its tickets, which
// actions it offers, printing and saving with their reports, and a
// completion watched live from the journal.

import { backend, fail } from "../../test/backend";
import { $, $$, choose, click, mount, press, settle, text, type } from "../../test/dom";
import { entry, found, report, status, summary, ticket, view, vistaView } from "../../test/fixtures";
import { openOrder } from "../../test/open";

describe("the order panel", () => {
  it("words each ticket's seat and how often it was printed", async () => {
    await openOrder(
      view({
        tickets: [
          ticket({ id: "T1", copies: 0 }),
          ticket({ id: "T2", copies: 1 }),
          ticket({ id: "T3", copies: 3, seat: { admission: true, section: "Партер", row: null, place: null } }),
          ticket({ id: "T4", state: "refunded", printable: false }),
        ],
      }),
    );
    expect(text('tr.ticket[data-ticket="T1"]')).toContain("Row 5, Seat 11");
    expect(text('tr.ticket[data-ticket="T1"] .copies')).toBe("—");
    expect(text('tr.ticket[data-ticket="T2"] .copies')).toBe("Printed");
    expect(text('tr.ticket[data-ticket="T3"] .copies')).toBe("Printed + 2 reprints");
    expect(text('tr.ticket[data-ticket="T3"]')).toContain("Section Партер, General admission");
    expect(text('tr.ticket[data-ticket="T4"]')).toContain("Refunded");
    expect(text('tr.ticket[data-ticket="T1"]')).toContain("EAN-13");
  });

  it("shows the ids, the source and the collection number", async () => {
    await openOrder(
      vistaView({
        status: "completed",
        canComplete: false,
        ids: { orderNumber: null, codeWord: null, transactionNumber: "70001", processId: null, listingId: null },
      }),
    );
    expect(text("#collection-number")).toBe("70001");
    expect(text("#source")).toBe("Cached at 16:03");
    expect(text("article.order")).toContain("Sold");
  });

  it("offers only the actions that apply", async () => {
    await openOrder(view({ unprintedCount: 0, tickets: [ticket({ copies: 1 })] }));
    expect($$("#complete")).toHaveLength(0);
    expect($$("#print")).toHaveLength(0);
    expect($$("#save-pdf")).toHaveLength(0);
    expect(text("#refresh")).toBe("Check with Afisha · F5");
    expect(text("#reprint")).toBe("Reprint · F8");
  });

  it("explains the failed groups of a partly sold order", async () => {
    await openOrder(
      view({
        status: "partial",
        failedGroups: [{ kind: "SEAT_UNAVAILABLE", code: "207-3", message: "Seats already sold", tickets: ["Row 1, Seat 1", "Row 1, Seat 2"] }],
      }),
    );
    expect(text(".failed-groups")).toContain("2 tickets not sold: Seats already sold (SEAT_UNAVAILABLE, 207-3)");
    expect(text(".failed-groups")).toContain("Row 1, Seat 2");
  });

  it("counts down the hold of an order in progress", async () => {
    await openOrder(vistaView({ expiresAt: "2026-11-26T12:12:04Z" }));
    expect(text(".expiry")).toContain("held for 12:04 more");
    await settle(2000);
    expect(text(".expiry")).toContain("held for 12:02 more");
  });

  it("prints with F4, reports it, and records the timings", async () => {
    const printed = view({ unprintedCount: 0, tickets: [ticket({ copies: 1 }), ticket({ id: "T2", copies: 1 })] });
    const b = await openOrder(view(), { print_order: () => ({ report: report({ acceptedAfterMs: 180 }), view: printed }) });
    expect(text("#print")).toBe("Print · F4");
    await press("F4");
    expect(b.of("print_order")).toEqual([{ platform: "afisha", id: "AF-1001", tickets: null, manager: null }]);
    expect($("#action-result").dataset.tone).toBe("ok");
    expect(text("#action-result")).toContain("Printed 2 tickets on boca-1.");
    expect(text('tr.ticket[data-ticket="T1"] .copies')).toBe("Printed");
    const t = window.__boxOffice?.timings;
    expect(t?.printKey).toBeTypeOf("number");
    expect(t?.printDone).toBeGreaterThanOrEqual(t?.printKey ?? Infinity);
    expect(t?.acceptedAfterMs).toBe(180);
    expect(t?.finishedAfterMs).toBe(420);
  });

  it("warns when the printer took the job without confirming it, and names what was printed before", async () => {
    await openOrder(view(), {
      print_order: () => ({
        report: report({ outcome: "accepted-not-confirmed", alreadyPrinted: ["T2"], copies: [{ ticketId: "T1", copy: 0, attempt: 3 }], detail: "cups: timeout" }),
        view: view(),
      }),
    });
    await click("#print");
    expect($("#action-result").dataset.tone).toBe("wait");
    expect(text("#action-result")).toContain("did not confirm");
    expect(text("#action-result")).toContain("1 ticket was printed before — use Reprint.");
    expect(text("#action-result .error-details")).toContain("cups: timeout");
  });

  it("says a print that stopped part-way counts as printed", async () => {
    await openOrder(view(), { print_order: () => ({ report: report({ outcome: "printed-uncertain", detail: "job aborted" }), view: view() }) });
    await press("F4");
    expect($("#action-result").dataset.tone).toBe("wait");
    expect(text("#action-result p")).toContain("printed in part, it counts as printed");
  });

  it("says a partly printed job's error in the cashier's words", async () => {
    await openOrder(view(), { print_order: () => fail("partly-printed") });
    await press("F4");
    expect(text("#action-result .error-message")).toBe("Printed in part: it counts as printed; printing again is a reprint.");
  });

  it("cannot print without a printer, and says where to choose one", async () => {
    const b = await openOrder(view(), { app_status: () => status({ printer: null }) });
    expect(($("#print") as HTMLButtonElement).disabled).toBe(true);
    expect(text("#print-hint")).toContain("Choose a printer in Settings");
    await press("F4");
    expect(b.of("print_order")).toHaveLength(0);
  });

  it("shows a print error in the cashier's words, the backend's on demand", async () => {
    await openOrder(view(), { print_order: () => fail("printer-problem", "CUPS: media-empty-error") });
    await press("F4");
    expect(text("#action-result .error-message")).toContain("Check it is on, has paper");
    expect(text("#action-result .error-details")).toContain("media-empty-error");
  });

  it("shows the backend's words at once when another counter printed the ticket", async () => {
    const given = "Already printed as the original at counter A (19:02, by Анна): T1. Printing again is a reprint, which a manager authorises with a reason.";
    await openOrder(view(), { print_order: () => fail("already-printed", given) });
    await press("F4");
    expect(text("#action-result .error-message")).toContain("Use Reprint (F8)");
    const details = $("#action-result .error-details");
    expect(details.hasAttribute("open")).toBe(true);
    expect(details.textContent).toContain(given);
  });

  it("shows the backend's words at once when another counter completes the order", async () => {
    const given = "B is completing this order right now (by Борис, sending): it carries on there";
    await openOrder(vistaView(), { complete_order: () => fail("completing-elsewhere", given) });
    await press("F2");
    expect(text("#action-result .error-message")).toContain("Another counter is completing this order");
    expect($("#action-result .error-details").hasAttribute("open")).toBe(true);
    expect(text("#action-result .error-details")).toContain(given);
  });

  it("keeps a printer's own words folded away", async () => {
    await openOrder(view(), { print_order: () => fail("printer-problem", "CUPS: media-empty-error") });
    await press("F4");
    expect($("#action-result .error-details").hasAttribute("open")).toBe(false);
  });

  it("prints an original with a manager's PIN when the counter is cut off from the site and a setting asks it", async () => {
    const why = "This counter is cut off from the site, and a setting asks a manager's PIN to print an original while it is.";
    const printed = view({ unprintedCount: 0, tickets: [ticket({ copies: 1 }), ticket({ id: "T2", copies: 1 })] });
    const b = await openOrder(view(), {
      print_order: (a) => (a.manager === null ? fail("needs-manager", why) : { report: report(), view: printed }),
    });
    await press("F4");
    expect(b.of("print_order")).toEqual([{ platform: "afisha", id: "AF-1001", tickets: null, manager: null }]);
    expect($$("#manager-dialog")).toHaveLength(1);
    expect(text("#manager-dialog-explain")).toContain("This needs a manager");
    expect(text("#manager-dialog-why")).toBe(why);
    await type("#manager-dialog-pin", "2468");
    await click("#manager-dialog-confirm");
    expect(b.of("print_order")[1]).toEqual({ platform: "afisha", id: "AF-1001", tickets: null, manager: { managerId: 1, pin: "2468" } });
    expect($$("#manager-dialog")).toHaveLength(0);
    expect(text("#action-result")).toContain("Printed 2 tickets on boca-1.");
    expect(text('tr.ticket[data-ticket="T1"] .copies')).toBe("Printed");
  });

  it("says a print that needs a manager when the dialog is cancelled, and prints nothing", async () => {
    const b = await openOrder(view(), { save_pdf: () => fail("needs-manager", "cut off from the site") });
    await press("F6");
    expect(text("#manager-dialog-title")).toBe("Save PDF");
    await press("Escape");
    expect($$("#manager-dialog")).toHaveLength(0);
    expect(b.of("save_pdf")).toHaveLength(1);
    expect(text("#action-result .error-message")).toContain("This needs a manager");
  });

  it("saves a PDF with F6 and says where", async () => {
    const b = await openOrder(view(), {
      save_pdf: () => ({ report: report({ outcome: "saved-as-pdf", target: "PDF", pdfPaths: ["/data/tickets/afisha-1001.pdf"] }), view: view() }),
    });
    await press("F6");
    expect(b.of("save_pdf")).toEqual([{ platform: "afisha", id: "AF-1001", tickets: null, manager: null }]);
    expect(text("#action-result")).toBe("Saved to /data/tickets/afisha-1001.pdf");
  });

  it("checks an Afisha order with F5", async () => {
    const b = await openOrder(view(), { refresh_order: () => view({ source: { live: true, cachedAt: null } }) });
    await press("F5");
    expect(b.of("refresh_order")).toHaveLength(1);
    expect(text("#source")).toBe("Live from Afisha");
    expect(text("#action-result")).toBe("Up to date with Afisha.");
  });
});

describe("a completion", () => {
  it("is watched live from the journal until the platform answers", async () => {
    let finish: (v: unknown) => void = () => undefined;
    let polled = vistaView({ completion: entry({ state: "sending" }) });
    const b = await openOrder(vistaView(), {
      complete_order: () => new Promise((r) => (finish = r)),
    });
    b.on("order_details", () => polled);
    await press("F2");
    expect(b.of("complete_order")).toEqual([{ platform: "vista", id: "VS-2001" }]);
    expect($("#completion").dataset.state).toBe("sending");
    expect(text("#busy")).toContain("Completing on Vista");

    polled = vistaView({ status: "pending", completion: entry({ state: "pending", polls: 3 }) });
    await settle(67_000);
    expect($("#completion").dataset.state).toBe("pending");
    expect(text("#completion")).toContain("1:07 since it was sent · asked 3 times");
    expect($$("#complete")).toHaveLength(0);

    const done = vistaView({
      status: "completed",
      canComplete: false,
      ids: { orderNumber: null, codeWord: null, transactionNumber: "70001", processId: null, listingId: null },
      completion: entry({ state: "completed", running: false }),
    });
    finish({ state: "completed", message: "Completed.", requestId: done.completion?.requestId, elsewhere: false, view: done });
    await settle();
    expect($("#completion").dataset.state).toBe("completed");
    expect(text("#action-result p")).toBe("Completed. Collection number 70001.");
    expect(text("#request-id")).toBe("9f1c2d3e-0000-4000-8000-000000000001");
    const polls = b.of("order_details").length;
    await settle(5000);
    expect(b.of("order_details").length).toBe(polls);
  });

  it("in doubt is never offered again, and says to give support the Request-ID", async () => {
    await openOrder(
      vistaView({
        canComplete: true,
        completion: entry({ state: "needsAttention", running: false, httpStatus: 502, message: "Gateway answered 502 after sending" }),
      }),
    );
    expect($$("#complete")).toHaveLength(0);
    await press("F2");
    expect($("#completion").dataset.state).toBe("needsAttention");
    expect(text("#completion")).toContain("Do not complete it again");
    expect(text("#completion")).toContain("give this to support");
    expect(text("#request-id")).toBe("9f1c2d3e-0000-4000-8000-000000000001");
    expect(text("#completion .error-details")).toContain("HTTP 502");
  });

  it("that failed says it is safe to try again", async () => {
    const failedView = vistaView({ completion: entry({ state: "failed", running: false }) });
    await openOrder(vistaView(), {
      complete_order: () => ({ state: "failed", message: "Refused: seats taken", requestId: "r-1", elsewhere: false, view: failedView }),
    });
    await click("#complete");
    expect($("#action-result").dataset.tone).toBe("bad");
    expect(text("#action-result")).toContain("safe to try again");
    expect(text("#complete")).toBe("Complete on Vista · F2");
  });

  it("that finishes after another order was opened leaves that order shown", async () => {
    let finish: (v: unknown) => void = () => undefined;
    backend({
      search_orders: () => found([summary({ platform: "vista", id: "VS-2001", number: "VS-2001" }), summary()]),
      order_details: (a) => (a.id === "VS-2001" ? vistaView() : view()),
      complete_order: () => new Promise((r) => (finish = r)),
    });
    await mount();
    await click('tr.row[data-order="vista:VS-2001"]');
    await press("F2");
    await click('tr.row[data-order="afisha:AF-1001"]');
    expect($("article.order").dataset.order).toBe("afisha:AF-1001");
    expect($$("#completion")).toHaveLength(0);
    const done = vistaView({ status: "completed", canComplete: false, completion: entry({ state: "completed", running: false }) });
    finish({ state: "completed", message: "", requestId: "r", elsewhere: false, view: done });
    await settle(1000);
    expect($("article.order").dataset.order).toBe("afisha:AF-1001");
  });

  it("run by another till is followed too", async () => {
    const b = await openOrder(vistaView({ canComplete: false, completion: entry({ state: "pending", running: true }) }));
    const before = b.of("order_details").length;
    await settle(1000);
    expect(b.of("order_details").length).toBeGreaterThan(before);
    expect(text("#completion")).toContain("Another till or window is completing this order");
  });
});

describe("a completion at another counter of the site", () => {
  const there = (state: string) => vistaView({ canComplete: false, elsewhere: { counter: "kassa-2", operator: "Анна", state } });

  it("is shown with its counter, operator and state, is not offered here, and is followed until it ends", async () => {
    const b = await openOrder(there("sending"));
    expect($("#completion-elsewhere").dataset.state).toBe("sending");
    expect(text("#completion-elsewhere")).toBe("Being completed at counter kassa-2 by Анна. Sent to Vista; waiting for the answer…");
    expect($$("#complete")).toHaveLength(0);
    await press("F2");
    expect(b.of("complete_order")).toHaveLength(0);

    b.on("order_details", () => there("pending"));
    await settle(2000);
    expect($("#completion-elsewhere").dataset.state).toBe("pending");
    expect(text("#completion-elsewhere")).toContain("Vista is working on it");

    b.on("order_details", () => there("needs_attention"));
    await settle(2000);
    expect(text("#completion-elsewhere")).toBe("Completion at counter kassa-2 by Анна: needs attention");

    b.on("order_details", () => there("completed"));
    await settle(2000);
    expect($("#completion-elsewhere").dataset.state).toBe("completed");
    expect(text("#completion-elsewhere")).toBe("Completed at counter kassa-2 by Анна.");
    const polls = b.of("order_details").length;
    await settle(10_000);
    expect(b.of("order_details").length).toBe(polls);
    expect($$("#complete")).toHaveLength(0);

    await choose("#language", "ru");
    expect(text("#completion-elsewhere")).toBe("Заказ оформлен на кассе kassa-2 (оператор Анна).");
  });
});

describe("a completion in doubt", () => {
  const inDoubt = vistaView({
    canComplete: true,
    completion: entry({ id: 41, state: "needsAttention", running: false, requestId: "req-41" }),
  });

  it("offers a manager's decision to anyone, saying when it may be taken", async () => {
    await openOrder(inDoubt);
    expect(text("#completion-set-aside")).toBe("Set aside");
    expect(text("#completion-send-again")).toBe("Send again");
    expect(text("article.order")).toContain("only after Vista's support has confirmed that nothing was sold");
  });

  it("is set aside with a manager's PIN and a written reason, and the order shows as it now stands", async () => {
    const aside = vistaView({ canComplete: false, status: "failed", completion: entry({ id: 41, state: "abandoned", running: false }) });
    const b = await openOrder(inDoubt, { set_aside_completion: () => aside });
    await click("#completion-set-aside");
    expect($$("#manager-dialog-reason")).toHaveLength(1);
    await type("#manager-dialog-pin", "2468");
    await click("#manager-dialog-confirm");
    expect(text("#manager-dialog .error-message")).toContain("Write the reason");
    expect(b.of("set_aside_completion")).toHaveLength(0);
    await type("#manager-dialog-pin", "2468");
    await type("#manager-dialog-reason", "Vista support: ticket 5521, nothing sold");
    await click("#manager-dialog-confirm");
    expect(b.of("set_aside_completion")).toEqual([
      { completion: 41, reason: "Vista support: ticket 5521, nothing sold", manager: { managerId: 1, pin: "2468" } },
    ]);
    expect($$("#manager-dialog")).toHaveLength(0);
    expect($("#completion").dataset.state).toBe("abandoned");
    expect(text("#action-result")).toBe("Set aside: the order shows as it now stands.");
    expect($$("#completion-set-aside")).toHaveLength(0);
  });

  it("is sent again with a manager's PIN and a reason, and reads like a completion", async () => {
    const done = vistaView({
      status: "completed",
      canComplete: false,
      ids: { orderNumber: null, codeWord: null, transactionNumber: "70002", processId: null, listingId: null },
      completion: entry({ id: 41, state: "completed", running: false }),
    });
    const b = await openOrder(inDoubt, {
      send_completion_again: () => ({ state: "completed", message: "Completed.", requestId: "req-41", elsewhere: false, view: done }),
    });
    await click("#completion-send-again");
    expect(text("#manager-dialog")).toContain("Request-ID req-41");
    await type("#manager-dialog-reason", "Support confirmed nothing was sold");
    await type("#manager-dialog-pin", "2468");
    await click("#manager-dialog-confirm");
    expect(b.of("send_completion_again")).toEqual([
      { completion: 41, reason: "Support confirmed nothing was sold", manager: { managerId: 1, pin: "2468" } },
    ]);
    expect(text("#action-result p")).toBe("Completed. Collection number 70002.");
    expect($("#completion").dataset.state).toBe("completed");
  });

  it("keeps the dialog open on a wrong PIN, and says the backend's need of a reason", async () => {
    let answer = () => fail("wrong-pin", "wrong", { triesLeft: 1 });
    await openOrder(inDoubt, { set_aside_completion: () => answer() });
    await click("#completion-set-aside");
    await type("#manager-dialog-reason", "checked");
    await type("#manager-dialog-pin", "1111");
    await click("#manager-dialog-confirm");
    expect(text("#manager-dialog")).toContain("Wrong PIN. 1 try left before Demo Manager is locked.");
    answer = () => fail("reason-required");
    await type("#manager-dialog-pin", "2468");
    await click("#manager-dialog-confirm");
    expect(text("#manager-dialog")).toContain("Write the reason");
    await press("Escape");
    expect($$("#manager-dialog")).toHaveLength(0);
    expect($$("article.order")).toHaveLength(1);
  });

  it("is decided in Russian too", async () => {
    await openOrder(inDoubt);
    await choose("#language", "ru");
    expect(text("#completion-set-aside")).toBe("Отложить");
    expect(text("#completion-send-again")).toBe("Отправить снова");
  });

  it("is the only completion that offers a decision", async () => {
    await openOrder(vistaView({ completion: entry({ state: "failed", running: false }) }));
    expect($$("#completion-set-aside")).toHaveLength(0);
    expect($$("#completion-send-again")).toHaveLength(0);
  });
});
