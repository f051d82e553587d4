// Settings → Site: a manager tests the site with what was typed and joins
// it with a manager's PIN, the password never left in its field; joined,
// the section says how the site stands, and Leave (with a PIN) shows the
// backend's refusal as given.

import { backend, fail, type Backend } from "../../test/backend";
import { $, $$, choose, click, mount, press, text, type } from "../../test/dom";
import { cashier, manager, siteStatus, status } from "../../test/fixtures";

async function openSettings(handlers: Parameters<typeof backend>[0] = {}, signedIn = manager): Promise<Backend> {
  const b = backend({ app_status: () => status({ signedIn, training: false }), ...handlers });
  await mount();
  await press(",", { ctrlKey: true, code: "Comma" });
  return b;
}

async function authorise(pin: string): Promise<void> {
  await type("#manager-dialog-pin", pin);
  await click("#manager-dialog-confirm");
}

const value = (selector: string) => ($(selector) as HTMLInputElement).value;

const typed = {
  host: "db.cinema.local",
  port: 5433,
  database: "box_office",
  role: "box_office_app",
  counter: "A",
  password: "s3cret",
};

async function fillIn(): Promise<void> {
  await type("#site-host", typed.host);
  await type("#site-port", String(typed.port));
  await type("#site-counter", typed.counter);
  await type("#site-password", typed.password);
}

describe("the site settings", () => {
  it("offer the usual port, database and role, and the till's name for an empty counter name", async () => {
    await openSettings();
    expect(value("#site-port")).toBe("5432");
    expect(value("#site-database")).toBe("box_office");
    expect(value("#site-role")).toBe("box_office_app");
    expect(value("#site-counter")).toBe("");
    expect($("#site-counter").getAttribute("placeholder")).toContain("till-1");
    expect($("#site-password").getAttribute("type")).toBe("password");
    expect($$("#site-leave")).toHaveLength(0);
  });

  it("test the site with what was typed, the password cleared as the call leaves", async () => {
    const b = await openSettings({
      site_test: () => {
        expect(value("#site-password")).toBe("");
        return { address: "db.cinema.local:5433/box_office", schema: 3, known: 3, counters: ["A", "B"] };
      },
    });
    await fillIn();
    await click("#site-test");
    expect(b.of("site_test")).toEqual([{ site: typed }]);
    expect(text("#site-result")).toBe(
      "The site at db.cinema.local:5433/box_office answers: schema 3 (this Box Office: 3). Counters joined: A, B.",
    );
    expect(value("#site-password")).toBe("");
    expect(b.of("site_join")).toHaveLength(0);
  });

  it("say why a test failed", async () => {
    await openSettings({ site_test: () => fail("site-unavailable", "the site's database at db:5432/box_office cannot be reached (timed out)") });
    await fillIn();
    await click("#site-test");
    expect(text("#site-result .error-message")).toBe("The site (the cinema's shared database) cannot be reached or used now.");
    expect(text("#site-result .error-details")).toContain("timed out");
  });

  it("join the site through a manager's PIN, a refused PIN typed again", async () => {
    let tries = 0;
    const b = await openSettings({
      site_join: () => {
        expect(value("#site-password")).toBe("");
        if (++tries === 1) fail("wrong-pin", "wrong", { triesLeft: 4 });
        b.on("site_status", () => siteStatus({ address: "db.cinema.local:5433/box_office", counter: "A" }));
        return siteStatus({ address: "db.cinema.local:5433/box_office", counter: "A" });
      },
    });
    await fillIn();
    await click("#site-join");
    expect($$("#manager-dialog")).toHaveLength(1);
    expect(text("#manager-dialog-title")).toBe("Join the site");
    expect(b.of("site_join")).toHaveLength(0);
    expect(value("#site-password")).toBe("");
    await authorise("1111");
    expect(text("#manager-dialog")).toContain("Wrong PIN. 4 tries left before Demo Manager is locked.");
    await authorise("2468");
    expect(b.of("site_join")).toEqual([
      { site: typed, manager: { managerId: 1, pin: "1111" } },
      { site: typed, manager: { managerId: 1, pin: "2468" } },
    ]);
    expect($$("#manager-dialog")).toHaveLength(0);
    expect(text("#site-result")).toBe("This counter joined the site at db.cinema.local:5433/box_office as A.");
    expect(text("#site-address")).toBe("db.cinema.local:5433/box_office");
    expect(text("#site-counter-name")).toBe("A");
    expect(text("#site-reachable")).toBe("yes");
    expect($$("#site-host")).toHaveLength(0);
    expect(document.body.innerHTML).not.toContain("s3cret");
  });

  it("forget the password when the PIN dialog is cancelled", async () => {
    const b = await openSettings();
    await fillIn();
    await click("#site-join");
    await click("#manager-dialog-cancel");
    expect(value("#site-password")).toBe("");
    expect(b.of("site_join")).toHaveLength(0);
  });

  it("say how a joined site stands, and leave it with a manager's PIN, a refusal shown as given", async () => {
    const b = await openSettings({
      site_status: () =>
        siteStatus({ reachable: false, unreachableSince: "2026-11-26T09:02:00Z", why: "connection refused", pending: 2, logSeq: 118 }),
      site_leave: () => fail("site-unavailable", "2 entries of this counter have not reached the site yet: leave it once the site answers and they are sent"),
    });
    expect(text("#site-address")).toBe("site.cinema.local:5432/box_office");
    expect(text("#site-counter-name")).toBe("till-1");
    expect(text("#site-reachable")).toBe("no, since 14:02");
    expect($("#site-reachable").dataset.reachable).toBe("false");
    expect(text("#site-why")).toBe("connection refused");
    expect(text("#site-pending")).toBe("2");
    expect(text("#site-log-seq")).toBe("#118");
    expect($$("#site-host")).toHaveLength(0);

    await click("#site-leave");
    await authorise("2468");
    expect(b.of("site_leave")).toEqual([{ manager: { managerId: 1, pin: "2468" } }]);
    expect($$("#manager-dialog")).toHaveLength(1);
    const said = $("#manager-dialog .error-details") as HTMLDetailsElement;
    expect(said.hasAttribute("open")).toBe(true);
    expect(said.textContent).toContain("2 entries of this counter have not reached the site yet");

    b.on("site_leave", () => null);
    b.on("site_status", () => null);
    await authorise("2468");
    expect($$("#manager-dialog")).toHaveLength(0);
    expect(text("#site-result")).toBe("This counter left the site: it works alone.");
    expect($$("#site-host")).toHaveLength(1);
    await choose("#language", "ru");
    expect(text("#site-result")).toBe("Касса отключена от общей базы и работает самостоятельно.");
  });

  it("are for managers only", async () => {
    await openSettings({}, cashier);
    expect($$("#site-section")).toHaveLength(0);
  });
});
