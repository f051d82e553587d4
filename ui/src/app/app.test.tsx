// The window as a whole: the start (a fatal error, the ready signal), the
// shared top bar and banners, switching the language without a restart, and
// the keys that move between screens.

import { backend } from "../test/backend";
import { $, $$, choose, click, mount, press, settle, text } from "../test/dom";
import { link, manager, siteStatus, status, view } from "../test/fixtures";
import { openOrder } from "../test/open";

describe("the window", () => {
  it("shows why it cannot start, with the data folder, and still says it is ready", async () => {
    const b = backend({
      app_status: () => status({ startupError: { code: "database-too-new", message: "schema 9 > 5" }, signedIn: null }),
    });
    await mount();
    expect(text("#fatal")).toContain("Box Office cannot start");
    expect(text("#fatal .error-message")).toContain("newer Box Office");
    expect(text("#fatal .error-details")).toContain("schema 9 > 5");
    expect(text("#fatal")).toContain("/var/lib/box-office");
    expect($$("#scan")).toHaveLength(0);
    expect(b.of("ui_ready")).toHaveLength(1);
  });

  it("signals once that the first screen is drawn", async () => {
    const b = backend();
    await mount();
    await settle(10_000);
    expect(b.of("ui_ready")).toHaveLength(1);
  });

  it("announces training mode", async () => {
    backend();
    await mount();
    expect(text("#training-banner")).toContain("TRAINING MODE");
  });

  it("shows each platform's reach, and a banner while one is offline", async () => {
    const b = backend({ app_status: () => status({ links: [link({}), link({ platform: "vista", reach: "unknown" })] }) });
    await mount();
    expect($('.link[data-platform="afisha"]').dataset.reach).toBe("online");
    expect($('.link[data-platform="vista"]').dataset.reach).toBe("unknown");
    expect($$("#offline-afisha")).toHaveLength(0);

    b.on("platform_links", () => [link({ reach: "offline", since: "2026-11-26T09:02:00Z" })]);
    await settle(3000);
    expect($('.link[data-platform="afisha"]').dataset.reach).toBe("offline");
    expect(text("#offline-afisha")).toBe(
      "Afisha cannot be reached since 14:02. Cached orders can still be found and printed; completing is paused.",
    );

    b.on("platform_links", () => [link({ reach: "online" })]);
    await settle(3000);
    expect($$("#offline-afisha")).toHaveLength(0);
  });

  it("says, from before sign-in, when the site cannot be reached, since when and what waits", async () => {
    const b = backend({ app_status: () => status({ signedIn: null }), site_status: () => siteStatus({ reachable: null }) });
    await mount();
    expect($$("#sign-in")).toHaveLength(1);
    expect($$("#site-banner")).toHaveLength(0);

    b.on("site_status", () => siteStatus({ reachable: true }));
    await settle(2000);
    expect($$("#site-banner")).toHaveLength(0);

    b.on("site_status", () => siteStatus({ reachable: false, unreachableSince: "2026-11-26T09:02:00Z", why: "connection refused", pending: 3 }));
    await settle(2000);
    // 09:02 UTC on the till's clock (UTC+5).
    expect(text("#site-banner")).toBe("The site cannot be reached since 14:02 — this counter works on by itself. 3 entries wait to be sent.");
    expect($$("#sign-in")).toHaveLength(1);
    await choose("#language", "ru");
    expect(text("#site-banner")).toBe("Нет связи с общей базой с 14:02 — касса работает самостоятельно. 3 записи ждут отправки.");

    b.on("site_status", () => siteStatus({ reachable: true }));
    await settle(2000);
    expect($$("#site-banner")).toHaveLength(0);
  });

  it("keeps the site banner on every screen, and says nothing of a counter that works alone", async () => {
    const b = backend({ app_status: () => status({ signedIn: manager }) });
    await mount();
    await settle(4000);
    expect(b.of("site_status").length).toBeGreaterThanOrEqual(2);
    expect($$("#site-banner")).toHaveLength(0);
    b.on("site_status", () => siteStatus({ reachable: false, unreachableSince: "2026-11-25T09:02:00Z", pending: 0 }));
    await settle(2000);
    expect(text("#site-banner")).toBe("The site cannot be reached since 25 Nov, 14:02 — this counter works on by itself.");
    await click("#nav-settings");
    expect($$("#site-banner")).toHaveLength(1);
    await click("#nav-manager");
    expect($$("#site-banner")).toHaveLength(1);
  });

  it("switches the language at once, and asks for the open order again in it", async () => {
    const b = await openOrder(view());
    expect(text("#print")).toBe("Print · F4");
    const before = b.of("order_details").length;
    await choose("#language", "ru");
    expect(b.of("set_language")).toEqual([{ language: "ru" }]);
    expect(text("#training-banner")).toContain("УЧЕБНЫЙ РЕЖИМ");
    expect(text("#print")).toBe("Печать · F4");
    expect(text("#date-filter")).toContain("Сегодня");
    expect(document.documentElement.lang).toBe("ru");
    expect(b.of("order_details").length).toBe(before + 1);
    expect(text('tr.ticket[data-ticket="T1"]')).toContain("Ряд 5, место 11");
  });

  it("starts in the language the status names", async () => {
    backend({ app_status: () => status({ language: "ru" }) });
    await mount();
    expect(text("#nav-counter")).toContain("Касса");
  });
});

describe("the keys between screens", () => {
  it("open settings with Ctrl+, and the print log with Ctrl+M (on any layout), and Escape goes back", async () => {
    backend({ app_status: () => status({ signedIn: manager }) });
    await mount();
    await press(",", { ctrlKey: true, code: "Comma" });
    expect($$("#settings")).toHaveLength(1);
    await press("ь", { ctrlKey: true, code: "KeyM" });
    expect($$("#manager")).toHaveLength(1);
    await press("Escape");
    expect($$("#counter")).toHaveLength(1);
    await settle(1);
    expect(document.activeElement?.id).toBe("scan");
  });

  it("keep the print log for managers", async () => {
    backend();
    await mount();
    expect($$("#nav-manager")).toHaveLength(0);
    await press("m", { ctrlKey: true, code: "KeyM" });
    expect($$("#manager")).toHaveLength(0);
    await click("#nav-settings");
    expect($$("#settings")).toHaveLength(1);
    await click("#nav-counter");
    expect($$("#counter")).toHaveLength(1);
  });

  it("keep F5 from reloading the window", async () => {
    backend();
    await mount();
    const e = new KeyboardEvent("keydown", { key: "F5", bubbles: true, cancelable: true });
    document.body.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
  });
});
