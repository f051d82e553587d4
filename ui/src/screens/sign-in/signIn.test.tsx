// Who is at the till: the first manager on a new counter, signing in with
// the PIN (wrong PINs and locks in words), the training PINs, and the idle
// lock and a backend sign-out both leading back here.

import { fail } from "../../test/backend";
import { backend } from "../../test/backend";
import { $, $$, click, mount, press, settle, text, type } from "../../test/dom";
import { cashier, found, manager, status } from "../../test/fixtures";

const signedOut = () => status({ signedIn: null });

describe("the first manager", () => {
  it("is asked for on a new counter; the PINs must match and are cleared after", async () => {
    const b = backend({
      app_status: () => status({ needsFirstManager: true, signedIn: null, training: false }),
      create_first_manager: () => ({ ...manager, name: "Ольга", training: false }),
    });
    await mount();
    expect($$("#first-manager")).toHaveLength(1);
    await type("#manager-name", "Ольга");
    await type("#manager-pin", "4321");
    await type("#manager-pin-again", "4312");
    await click("#create-manager");
    expect(text("#first-manager .error-message")).toContain("not the same");
    expect(b.of("create_first_manager")).toHaveLength(0);
    await type("#manager-pin", "4321");
    await type("#manager-pin-again", "4321");
    await click("#create-manager");
    expect(b.of("create_first_manager")).toEqual([{ name: "Ольга", pin: "4321" }]);
    expect(text("#operator-name")).toBe("Ольга · Manager");
    expect($$("#counter")).toHaveLength(1);
    expect(document.body.innerHTML).not.toContain("4321");
  });
});

describe("signing in", () => {
  it("says why the site cannot check a PIN, in the backend's words", async () => {
    const given = "The site cannot be reached and this counter's copy of the operators is more than 12 hours old: PINs cannot be checked until the site answers again.";
    backend({ app_status: signedOut, sign_in: () => fail("site-unavailable", given) });
    await mount();
    await click('button.operator[data-operator-id="2"]');
    await type("#pin", "1357");
    await click("#sign-in-button");
    expect(text("#sign-in-error")).toBe(`The site (the cinema's shared database) cannot be reached or used now. ${given}`);
    expect($$("#counter")).toHaveLength(0);
  });

  it("offers each operator as a big button, with the training PINs", async () => {
    backend({ app_status: signedOut });
    await mount();
    expect($$("button.operator").map((b) => b.dataset.operatorId)).toEqual(["1", "2"]);
    expect(text('button.operator[data-operator-id="1"]')).toContain("Training PIN 2468");
    expect(text('button.operator[data-operator-id="2"]')).toContain("Training PIN 1357");
  });

  it("signs in with the PIN (a form: Enter submits it) and opens the counter", async () => {
    const b = backend({
      app_status: signedOut,
      sign_in: () => {
        // The PIN left the field before the call did.
        expect(($("#pin") as HTMLInputElement).value).toBe("");
        return cashier;
      },
      search_orders: () => found([]),
    });
    await mount();
    await click('button.operator[data-operator-id="2"]');
    const pin = $("#pin") as HTMLInputElement;
    expect(pin.type).toBe("password");
    expect(pin.getAttribute("inputmode")).toBe("numeric");
    expect(pin.getAttribute("autocomplete")).toBe("off");
    expect(document.activeElement).toBe(pin);
    await type("#pin", "1357");
    await click("#sign-in-button");
    expect(b.of("sign_in")).toEqual([{ operatorId: 2, pin: "1357" }]);
    expect($$("#counter")).toHaveLength(1);
    expect(text("#operator-name")).toBe("Demo Cashier · Cashier");
    expect($$("#nav-manager")).toHaveLength(0);
  });

  it("says how many tries are left after a wrong PIN, and clears the field", async () => {
    backend({ app_status: signedOut, sign_in: () => fail("wrong-pin", "Wrong PIN: 3 tries left before the operator is locked", { triesLeft: 3 }) });
    await mount();
    await click('button.operator[data-operator-id="2"]');
    await type("#pin", "0000");
    await click("#sign-in-button");
    expect(text("#sign-in-error")).toBe("Wrong PIN. 3 tries left before Demo Cashier is locked.");
    expect(($("#pin") as HTMLInputElement).value).toBe("");
  });

  it("says until when a locked operator is locked", async () => {
    const locked = { ...cashier, lockedUntil: "2026-11-26T12:15:00Z" };
    const b = backend({ app_status: signedOut, sign_in: () => fail("operator-locked", "Locked until 17:15") });
    await mount();
    b.on("sign_in_choices", () => [manager, locked]);
    await click('button.operator[data-operator-id="2"]');
    await type("#pin", "0000");
    await click("#sign-in-button");
    // 12:15 UTC on the till's clock (UTC+5).
    expect(text("#sign-in-error")).toContain("Demo Cashier is locked until 17:15");
    expect(text('button.operator[data-operator-id="2"]')).toContain("Locked until 17:15");
  });

  it("takes the end of a lock from the error itself", async () => {
    backend({
      app_status: signedOut,
      sign_in: () => fail("operator-locked", "Locked until 17:30", { lockedUntil: "2026-11-26T12:30:00Z" }),
    });
    await mount();
    await click('button.operator[data-operator-id="2"]');
    await type("#pin", "0000");
    await click("#sign-in-button");
    expect(text("#sign-in-error")).toContain("Demo Cashier is locked until 17:30");
  });
});

describe("signing out", () => {
  it("happens after the idle minutes without input", async () => {
    const b = backend({ app_status: () => status({ idleLockMinutes: 2 }) });
    await mount();
    await settle(60_000);
    await press("a");
    await settle(90_000);
    expect($$("#counter")).toHaveLength(1);
    await settle(35_000);
    expect(b.of("sign_out")).toHaveLength(1);
    expect($$("#sign-in")).toHaveLength(1);
    expect(text("#sign-in")).toContain("Signed out after 2 minutes without use");
  });

  it("happens when any command says nobody is signed in", async () => {
    backend({ search_orders: () => fail("signed-out") });
    await mount();
    expect($$("#sign-in")).toHaveLength(1);
  });

  it("happens with the sign-out button", async () => {
    const b = backend();
    await mount();
    await click("#sign-out");
    expect(b.of("sign_out")).toHaveLength(1);
    expect($$("#sign-in")).toHaveLength(1);
    expect($$("#operator-name")).toHaveLength(0);
  });
});
