// Reprints: a manager's own, a cashier's authorised by a manager's PIN on
// the spot (read at the call, then cleared), a reason always, a note for
// "other", and the one order form of an ORDER attachment.

import { fail } from "../../test/backend";
import { $, $$, choose, click, press, text, type } from "../../test/dom";
import { manager, report, status, ticket, view } from "../../test/fixtures";
import { openOrder } from "../../test/open";

const printedOnce = view({
  unprintedCount: 0,
  tickets: [ticket({ id: "T1", copies: 1 }), ticket({ id: "T2", copies: 1, seat: { admission: false, section: null, row: "5", place: "12" } }), ticket({ id: "T3", copies: 0 })],
});

const reprinted = { report: report({ copies: [{ ticketId: "T1", copy: 1, attempt: 20 }] }), view: printedOnce };

describe("a reprint", () => {
  it("by a manager needs a reason but no PIN", async () => {
    const b = await openOrder(printedOnce, { app_status: () => status({ signedIn: manager }), reprint_tickets: () => reprinted });
    await press("F8");
    expect($$("#reprint-dialog")).toHaveLength(1);
    expect($$("input.reprint-ticket").map((i) => (i as HTMLInputElement).value)).toEqual(["T1", "T2"]);
    expect($$("#reprint-manager")).toHaveLength(0);
    await choose('input.reprint-ticket[value="T1"]', "");
    await click("#reprint-confirm");
    expect(text("#reprint-dialog .error-message")).toContain("Choose why");
    await choose("#reprint-reason", "damaged");
    await click("#reprint-confirm");
    expect(b.of("reprint_tickets")).toEqual([
      { platform: "afisha", id: "AF-1001", tickets: ["T1"], reason: "damaged", note: null, manager: null, toPdf: false },
    ]);
    expect($$("#reprint-dialog")).toHaveLength(0);
    expect(text("#action-result")).toContain("Reprinted 1 ticket on boca-1.");
  });

  it("by a cashier needs a manager's PIN, which leaves the field before the call", async () => {
    const b = await openOrder(printedOnce, {
      reprint_tickets: () => {
        expect(($("#reprint-manager-pin") as HTMLInputElement).value).toBe("");
        return reprinted;
      },
    });
    await click("#reprint");
    await choose('input.reprint-ticket[value="T2"]', "");
    await choose("#reprint-reason", "printer-jam");
    await click("#reprint-confirm");
    expect(text("#reprint-dialog .error-message")).toContain("manager enters their PIN");
    expect(b.of("reprint_tickets")).toHaveLength(0);
    // The only manager is chosen already.
    expect(($("#reprint-manager") as HTMLSelectElement).value).toBe("1");
    await type("#reprint-manager-pin", "2468");
    await click("#reprint-confirm");
    expect(b.of("reprint_tickets")[0]).toMatchObject({ tickets: ["T2"], reason: "printer-jam", manager: { managerId: 1, pin: "2468" } });
    expect(document.body.innerHTML).not.toContain("2468");
  });

  it("says a manager's PIN was wrong, with the tries left", async () => {
    await openOrder(printedOnce, { reprint_tickets: () => fail("wrong-pin", "Wrong PIN: 2 tries left before the operator is locked", { triesLeft: 2 }) });
    await click("#reprint");
    await choose('input.reprint-ticket[value="T1"]', "");
    await choose("#reprint-reason", "damaged");
    await type("#reprint-manager-pin", "1111");
    await click("#reprint-confirm");
    expect(text("#reprint-dialog")).toContain("Wrong PIN. 2 tries left before Demo Manager is locked.");
    expect(($("#reprint-manager-pin") as HTMLInputElement).value).toBe("");
    expect($$("#reprint-dialog")).toHaveLength(1);
  });

  it("for another reason needs a note saying what", async () => {
    const b = await openOrder(printedOnce, { app_status: () => status({ signedIn: manager }), reprint_tickets: () => reprinted });
    await click("#reprint");
    await choose('input.reprint-ticket[value="T1"]', "");
    await choose("#reprint-reason", "other");
    await click("#reprint-confirm");
    expect(b.of("reprint_tickets")).toHaveLength(0);
    await type("#reprint-note", "Customer spilt coffee");
    await choose("#reprint-to-pdf", "");
    await click("#reprint-confirm");
    expect(b.of("reprint_tickets")[0]).toMatchObject({ reason: "other", note: "Customer spilt coffee", toPdf: true });
  });

  it("of an order form sends no tickets", async () => {
    const form = view({ attachment: "ORDER", formCopies: 1, unprintedCount: 0, tickets: [ticket(), ticket({ id: "T2" })] });
    const b = await openOrder(form, { app_status: () => status({ signedIn: manager }), reprint_tickets: () => reprinted });
    expect(text(".form-copies")).toContain("Printed");
    await press("F8");
    expect($$("input.reprint-ticket")).toHaveLength(1);
    expect(($("input.reprint-ticket") as HTMLInputElement).checked).toBe(true);
    await choose("#reprint-reason", "lost-by-customer");
    await click("#reprint-confirm");
    expect(b.of("reprint_tickets")[0]).toMatchObject({ tickets: [], reason: "lost-by-customer" });
  });

  it("keeps the order's keys from acting behind it, and closes on Escape", async () => {
    const b = await openOrder(view({ tickets: [ticket({ copies: 1 }), ticket({ id: "T2" })], unprintedCount: 1 }));
    await press("F8");
    expect($$("#reprint-dialog")).toHaveLength(1);
    await press("F4");
    expect(b.of("print_order")).toHaveLength(0);
    await press("Escape");
    expect($$("#reprint-dialog")).toHaveLength(0);
    // The order stays open: Escape closed only the dialog.
    expect($$("article.order")).toHaveLength(1);
    expect(document.activeElement?.id).toBe("scan");
  });
});
