// The manager's print log: its rows, the filters as the backend receives
// them, the CSV export and the chain check; and the till's controls.

import { backend, type Backend } from "../../test/backend";
import { $, $$, choose, click, mount, press, text, type } from "../../test/dom";
import type { ControlRecord_Serialize } from "../../bindings";
import { conflict, manager, record, siteStatus, status } from "../../test/fixtures";

function control(over: Partial<ControlRecord_Serialize>): ControlRecord_Serialize {
  return {
    seq: 1,
    at: "2026-11-26T12:04:05Z",
    action: "training-started",
    operatorId: 1,
    operatorName: "Demo Manager",
    authorisedByName: "Demo Manager",
    workstation: "till-1",
    platform: null,
    orderId: null,
    orderNumber: null,
    reason: null,
    detail: null,
    ...over,
  };
}

async function openLog(handlers: Parameters<typeof backend>[0] = {}): Promise<Backend> {
  const b = backend({ app_status: () => status({ signedIn: manager }), ...handlers });
  await mount();
  await press("m", { ctrlKey: true, code: "KeyM" });
  return b;
}

describe("the print log", () => {
  it("lists every print with who, where, which copy and why", async () => {
    await openLog({
      print_log: () => [
        record({ seq: 8, reprint: 2, reason: "other", reasonNote: "coffee", authorisedByName: "Demo Manager", target: "PDF" }),
        record({ seq: 7, ticketId: null, outcome: null }),
      ],
    });
    expect($$("tr.print").map((r) => r.dataset.seq)).toEqual(["8", "7"]);
    const reprint = text('tr.print[data-seq="8"]');
    expect(reprint).toContain("reprint 2");
    expect(reprint).toContain("Other — coffee");
    expect(reprint).toContain("Demo Manager");
    expect(reprint).toContain("PDF");
    expect(reprint).toContain("Ticket stock (Boca)");
    const original = text('tr.print[data-seq="7"]');
    expect(original).toContain("original");
    expect(original).toContain("Order form");
    expect(original).toContain("No result recorded");
    // 12:04:05 UTC on the till's clock (UTC+5).
    expect(original).toContain("17:04:05");
  });

  it("names a print that stopped part-way", async () => {
    await openLog({ print_log: () => [record({ outcome: "printed-uncertain" })] });
    expect(text('tr.print[data-seq="7"] .outcome')).toBe("Printed in part (counts as printed)");
  });

  it("passes the filters, days as the till's local midnights", async () => {
    const b = await openLog();
    expect(b.of("print_log")[0]?.filter).toEqual({ from: null, to: null, operator: null, order: null, reprintsOnly: false, limit: 500 });
    await type("#log-from", "2026-11-25");
    await type("#log-to", "2026-11-26");
    await type("#log-operator", "Demo Cashier");
    await type("#log-order", "1001-5521");
    await choose("#log-reprints", "");
    await click("#log-apply");
    expect(b.of("print_log")[1]?.filter).toEqual({
      from: "2026-11-24T19:00:00.000Z",
      to: "2026-11-26T19:00:00.000Z",
      operator: "Demo Cashier",
      order: "1001-5521",
      reprintsOnly: true,
      limit: 500,
    });
  });

  it("reads days as the window's language writes them, and refuses what is no day", async () => {
    const b = await openLog();
    expect($("#log-from")?.getAttribute("placeholder")).toBe("DD/MM/YYYY");
    await type("#log-from", "25/11/2026");
    await type("#log-to", "31/11/2026");
    await click("#log-apply");
    expect(b.of("print_log")).toHaveLength(1);
    expect(text("#log-bad-day")).toContain("DD/MM/YYYY");
    expect($("#log-to")?.getAttribute("aria-invalid")).toBe("true");
    expect($("#log-from")?.getAttribute("aria-invalid")).toBe("false");
    await type("#log-to", "26/11/2026");
    await click("#log-apply");
    expect($$("#log-bad-day")).toHaveLength(0);
    expect(b.of("print_log")[1]?.filter).toMatchObject({ from: "2026-11-24T19:00:00.000Z", to: "2026-11-26T19:00:00.000Z" });
  });

  it("exports what the filter shows, without the screen's limit", async () => {
    const b = await openLog({ export_print_log: () => ({ path: "/data/exports/print-log.csv", rows: 1234 }) });
    await click("#log-export");
    expect(b.of("export_print_log")[0]?.filter).toMatchObject({ limit: null });
    expect(text("#log-exported")).toBe("Exported 1,234 rows to /data/exports/print-log.csv");
  });

  it("says the chain is intact", async () => {
    await openLog({ verify_print_log: () => ({ entries: 1234, broken: null }) });
    await click("#log-verify");
    expect($("#chain-result").dataset.intact).toBe("true");
    expect(text("#chain-result")).toBe("1,234 entries, chain intact.");
  });

  it("names the first bad entry and why", async () => {
    await openLog({ verify_print_log: () => ({ entries: 40, broken: { seq: 17, problem: { kind: "contentEdited" } } }) });
    await click("#log-verify");
    expect($("#chain-result").dataset.intact).toBe("false");
    expect(text("#chain-result")).toBe("40 entries; entry 17 was changed after it was written.");
  });
});

describe("the till's controls", () => {
  const rows = [
    control({ seq: 3, action: "training-ended" }),
    control({
      seq: 5,
      action: "completion-set-aside",
      operatorName: "Demo Cashier",
      orderNumber: "VS-2001",
      reason: "Vista support: nothing sold",
      workstation: "till-2",
    }),
    control({ seq: 4, action: "connection-removed", detail: "afisha-main: 12 orders removed, 1 kept" }),
  ];

  it("are listed newest first, with what, who, who authorised it and why", async () => {
    await openLog({ till_controls: () => rows });
    expect($$("#till-controls tr.control").map((r) => r.dataset.action)).toEqual([
      "completion-set-aside",
      "connection-removed",
      "training-ended",
    ]);
    const aside = text('tr.control[data-action="completion-set-aside"]');
    expect(aside).toContain("Completion set aside");
    expect(aside).toContain("VS-2001");
    expect(aside).toContain("Demo Cashier");
    expect(aside).toContain("Demo Manager");
    expect(aside).toContain("Vista support: nothing sold");
    // 12:04:05 UTC on the till's clock (UTC+5), as the print log shows times.
    expect(aside).toContain("17:04:05");
    expect(text('tr.control[data-action="connection-removed"]')).toContain("12 orders removed");
  });

  it("word every action in Russian", async () => {
    const all = ["training-started", "training-ended", "completion-set-aside", "completion-sent-again", "connection-removed", "orders-purged", "orders-replaced"] as const;
    await openLog({ till_controls: () => all.map((action, i) => control({ seq: i + 1, action })) });
    await choose("#language", "ru");
    expect(text('tr.control[data-action="training-started"]')).toContain("Включён учебный режим");
    expect(text('tr.control[data-action="orders-purged"]')).toContain("Заказы удалены из кэша");
    expect($$("tr.control")).toHaveLength(all.length);
  });

  it("say when there are none", async () => {
    await openLog();
    expect(text("#till-controls")).toContain("Nothing recorded yet.");
  });
});

describe("site mode", () => {
  const marks = { counter: "A", offline: false, conflict: false, pending: false };

  it("lists the tickets printed twice while cut off, and a manager acknowledges one with a PIN", async () => {
    const both = siteStatus({ conflicts: [conflict(), conflict({ seq: 42, ticketId: null, counter: "C", operator: "Вера", firstCounter: null, firstAt: null })] });
    const one = siteStatus({ conflicts: [conflict({ seq: 42, ticketId: null, counter: "C", operator: "Вера", firstCounter: null, firstAt: null })] });
    const b = await openLog({
      site_status: () => both,
      site_acknowledge: () => {
        b.on("site_status", () => one);
        return one;
      },
    });
    expect(text("#conflict-count")).toBe("2");
    expect(text("#site-conflicts h3")).toBe("Printed twice while cut off");
    expect($$("#site-conflicts li.conflict").map((li) => li.dataset.seq)).toEqual(["41", "42"]);
    // 11:40 and 11:35 UTC on the till's clock (UTC+5).
    expect(text('li.conflict[data-seq="41"] p')).toBe(
      "Order 1001-5521, ticket T1: second original at B by Борис, 16:40. First printed at A, 16:35.",
    );
    expect(text('li.conflict[data-seq="42"] p')).toContain("Order 1001-5521, the order form: second original at C by Вера, 16:40.");

    await click('button.conflict-ack[data-seq="41"]');
    expect(text("#manager-dialog-title")).toBe("Acknowledge the second original of order 1001-5521");
    expect(b.of("site_acknowledge")).toHaveLength(0);
    await type("#manager-dialog-pin", "2468");
    await click("#manager-dialog-confirm");
    expect(b.of("site_acknowledge")).toEqual([{ seq: 41, manager: { managerId: 1, pin: "2468" } }]);
    expect($$("#manager-dialog")).toHaveLength(0);
    expect($$("#site-conflicts li.conflict").map((li) => li.dataset.seq)).toEqual(["42"]);
    expect(text("#conflict-count")).toBe("1");

    await choose("#language", "ru");
    expect(text("#site-conflicts h3")).toBe("Напечатано дважды без связи");
    expect(text('li.conflict[data-seq="42"] p')).toContain("второй оригинал — касса C, Вера, 16:40");
  });

  it("shows no conflicts, nor their count, when there are none", async () => {
    await openLog({ site_status: () => siteStatus() });
    expect($$("#site-conflicts")).toHaveLength(0);
    expect($$("#conflict-count")).toHaveLength(0);
  });

  it("names each print's counter and how the site took it, a print not sent yet apart from the site's entry of the same number", async () => {
    await openLog({
      site_status: () => siteStatus({ counter: "A" }),
      print_log: () => [
        record({ seq: 5, site: { ...marks, pending: true } }),
        record({ seq: 5, site: { ...marks, counter: "B", offline: true, conflict: true } }),
        record({ seq: 4, site: marks }),
      ],
    });
    expect(text("th.site-counter")).toBe("Counter");
    expect($$("tr.print").map((r) => r.dataset.key)).toEqual(["p5", "s5", "s4"]);
    expect(text('tr.print[data-key="p5"] td.site-counter')).toBe("Anot sent yet");
    expect($$('tr.print[data-key="s5"] .tag').map((tag) => tag.textContent)).toEqual(["offline", "conflict"]);
    expect($('tr.print[data-key="s5"]').classList.contains("conflict")).toBe(true);
    expect($$('tr.print[data-key="s4"] .tag')).toHaveLength(0);
    expect($('tr.print[data-key="s4"] td.site-counter').classList.contains("this-till")).toBe(true);
  });

  it("has no counter column for a counter that works alone", async () => {
    await openLog({ print_log: () => [record({})] });
    expect($$("th.site-counter")).toHaveLength(0);
  });

  it("checks the site's log too when joined", async () => {
    const b = await openLog({
      site_status: () => siteStatus(),
      verify_print_log: () => ({ entries: 40, broken: null }),
      verify_site_log: () => ({ entries: 300, broken: { seq: 17, why: "its hash does not match" }, copyOnly: true }),
    });
    await click("#log-verify");
    expect(text("#chain-result")).toBe("40 entries, chain intact.");
    expect($("#site-chain-result").dataset.intact).toBe("false");
    expect(text("#site-chain-result")).toBe(
      "Site log: 300 entries; broken at entry #17: its hash does not match Checked on this counter's copy only: the site cannot be reached.",
    );
    expect(b.of("verify_site_log")).toHaveLength(1);
  });

  it("says the site's log is intact", async () => {
    await openLog({
      site_status: () => siteStatus(),
      verify_print_log: () => ({ entries: 40, broken: null }),
      verify_site_log: () => ({ entries: 1234, broken: null, copyOnly: false }),
    });
    await click("#log-verify");
    expect($("#site-chain-result").dataset.intact).toBe("true");
    expect(text("#site-chain-result")).toBe("Site log: 1,234 entries, chain intact.");
  });

  it("checks only this till's log when no site is joined", async () => {
    const b = await openLog({ verify_print_log: () => ({ entries: 40, broken: null }) });
    await click("#log-verify");
    expect(text("#chain-result")).toBe("40 entries, chain intact.");
    expect(b.of("verify_site_log")).toHaveLength(0);
    expect($$("#site-chain-result")).toHaveLength(0);
  });
});
