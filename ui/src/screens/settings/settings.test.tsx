// Settings: a manager saves them (a shorter retention says what it removed
// and kept), a cashier only reads them; training is switched with a
// manager's PIN and leads back to sign-in on the other till; connections
// are added with their secrets cleared the moment they leave, and removed
// with a manager's PIN; operators are managed with a manager's PIN.

import type { Connection_Serialize, Removal } from "../../bindings";
import { backend, fail, type Args, type Backend } from "../../test/backend";
import { $, $$, choose, click, mount, press, text, type } from "../../test/dom";
import { cashier, manager, status } from "../../test/fixtures";

const afishaConnection: Connection_Serialize = {
  profile: {
    name: "afisha-main",
    platform: "afisha",
    displayName: "Афиша",
    baseUrl: "https://api.afisha.example",
    regionCode: null,
    applicationId: null,
    channelCode: null,
    partnerId: "p-1",
    currency: "RUB",
    timeZone: "Europe/Moscow",
  },
  stored: true,
};

const saved = (a: Args) => ({ settings: a.settings, purged: null });

const removal: Removal = {
  removed: 12,
  kept: [
    { platform: "afisha", id: "AF-1001", number: "1001-5521", why: "notPrinted" },
    { platform: "afisha", id: "AF-1003", number: "1003-0042", why: "completionOpen" },
  ],
};

/** Confirms the open manager dialog with `pin` (the manager chosen already). */
async function authorise(pin: string): Promise<void> {
  await type("#manager-dialog-pin", pin);
  await click("#manager-dialog-confirm");
}

async function openSettings(handlers: Parameters<typeof backend>[0] = {}, signedIn = manager): Promise<Backend> {
  const b = backend({
    app_status: () => status({ signedIn }),
    printers: () => [
      {
        name: "boca-1",
        description: "Boca Lemur",
        location: "",
        makeAndModel: "",
        state: "idle",
        acceptingJobs: true,
        stateMessage: "",
        stateReasons: [],
        isDefault: true,
      },
      {
        name: "office",
        description: "",
        location: "",
        makeAndModel: "",
        state: "stopped",
        acceptingJobs: false,
        stateMessage: "Paused by an operator",
        stateReasons: ["paused"],
        isDefault: false,
      },
    ],
    ...handlers,
  });
  await mount();
  await press(",", { ctrlKey: true, code: "Comma" });
  return b;
}

describe("the till's settings", () => {
  it("lists the printers with their state", async () => {
    await openSettings();
    const options = $$("#printer option").map((o) => o.textContent);
    expect(options).toContain("boca-1 (Boca Lemur) — ready");
    expect(options).toContain("office — stopped: Paused by an operator");
    expect(($("#stock") as HTMLSelectElement).value).toBe("boca");
  });

  it("are saved by a manager", async () => {
    const b = await openSettings({ save_settings: saved });
    await choose("#printer", "office");
    await choose("#stock", "a4");
    await type("#idle-lock", "10");
    await choose("#keep-contacts", "");
    await choose("#offline-originals-need-manager", "");
    await type("#offline-sign-in-hours", "24");
    await click("#settings-save");
    expect(b.of("save_settings")[0]?.settings).toEqual({
      language: "en",
      printer: "office",
      stock: "a4",
      retentionDays: 30,
      keepContacts: false,
      idleLockMinutes: 10,
      trainingMode: true,
      workstation: "till-1",
      offlineOriginalsNeedManager: true,
      offlineSignInHours: 24,
    });
    expect(text("#settings-result")).toBe("Settings saved.");
    expect(b.of("app_status").length).toBeGreaterThan(1);
  });

  it("keep the language switched in the top bar since the form was read", async () => {
    let language = "en";
    const settings = { printer: "boca-1", stock: "boca", retentionDays: 30, keepContacts: true, idleLockMinutes: 5, trainingMode: true, workstation: "till-1" };
    const b = await openSettings({
      app_status: () => status({ signedIn: manager, language: language === "ru" ? "ru" : "en" }),
      get_settings: () => ({ ...settings, language }),
      set_language: (a) => {
        language = String(a.language);
        return { ...settings, language };
      },
      save_settings: saved,
    });
    await choose("#language", "ru");
    await click("#settings-save");
    expect(b.of("save_settings")[0]?.settings).toMatchObject({ language: "ru" });
    expect(text("#settings-result")).toBe("Настройки сохранены.");
  });

  it("say what a shorter retention removed, and which orders it kept and why", async () => {
    await openSettings({ save_settings: (a) => ({ settings: a.settings, purged: { ...removal, removed: 3 } }) });
    await type("#retention-days", "7");
    await click("#settings-save");
    expect(text("#settings-result p")).toBe("Settings saved. A shorter retention removed 3 cached orders.");
    expect($$("#settings-result li.kept-order").map((li) => li.textContent)).toEqual([
      "kept: order 1001-5521 — paid and not printed yet",
      "kept: order 1003-0042 — its completion is not over",
    ]);
    await choose("#language", "ru");
    expect(text("#settings-result p")).toContain("удалил из кэша 3 заказа");
    expect(text("#settings-result")).toContain("оставлен: заказ 1001-5521 — оплачен и ещё не напечатан");
  });

  it("offer no training switch among them", async () => {
    await openSettings();
    expect($$("#training-mode")).toHaveLength(0);
    expect($$("#restart")).toHaveLength(0);
  });

  it("say why a value was refused", async () => {
    await openSettings({ save_settings: () => fail("settings-invalid", "The idle lock is 1 to 240 minutes.") });
    await click("#settings-save");
    expect(text("#settings-result .error-message")).toContain("A setting is not valid");
    expect(text("#settings-result .error-details")).toContain("1 to 240 minutes");
  });

  it("print a test page on the chosen printer and stock", async () => {
    const b = await openSettings({ print_test_page: () => "The test page printed on “boca-1” (job 7)." });
    await click("#test-page");
    expect(b.of("print_test_page")).toEqual([{ printer: "boca-1", stock: "boca" }]);
    expect(text("#settings-result")).toContain("The test page went to boca-1");
  });

  it("are read-only for a cashier", async () => {
    await openSettings({}, cashier);
    expect($$("#settings-save")).toHaveLength(0);
    expect(($("#printer") as HTMLSelectElement).closest("fieldset")?.disabled).toBe(true);
    expect($$("#conn-add")).toHaveLength(0);
    expect($$("#op-add")).toHaveLength(0);
    expect(text("#settings")).toContain("Only a manager can change these settings");
  });
});

describe("training", () => {
  it("is switched into with a manager's PIN, and the window signs in again on the training till", async () => {
    let training = false;
    const b = await openSettings({
      app_status: () => status({ training, signedIn: training ? null : manager }),
      switch_training: () => {
        // The PIN left the field before the call did.
        expect(($("#manager-dialog-pin") as HTMLInputElement).value).toBe("");
        training = true;
        return null;
      },
    });
    expect(text("#training-section")).toContain("TRAINING — NOT VALID");
    expect(text("#training-section")).toContain("recorded");
    expect(text("#training-switch")).toBe("Switch to training");
    await click("#training-switch");
    expect($$("#manager-dialog")).toHaveLength(1);
    // The signed-in manager is chosen already.
    expect(($("#manager-dialog-manager") as HTMLSelectElement).value).toBe("1");
    expect($$("#manager-dialog-reason")).toHaveLength(0);
    await authorise("2468");
    expect(b.of("switch_training")).toEqual([{ manager: { managerId: 1, pin: "2468" } }]);
    expect($$("#sign-in")).toHaveLength(1);
    expect(text("#till-switched")).toContain("now in training");
    expect(text("#training-banner")).toContain("TRAINING MODE");
  });

  it("is left with a manager's PIN from a cashier's window, in Russian too", async () => {
    let training = true;
    const b = await openSettings(
      {
        app_status: () => status({ training, signedIn: training ? cashier : null, language: "ru" }),
        switch_training: () => {
          training = false;
          return null;
        },
      },
      cashier,
    );
    expect(text("#training-switch")).toBe("Выйти из учебного режима");
    await click("#training-switch");
    // The only manager is chosen already.
    expect(($("#manager-dialog-manager") as HTMLSelectElement).value).toBe("1");
    await authorise("2468");
    expect(b.of("switch_training")).toHaveLength(1);
    expect(text("#till-switched")).toContain("это снова настоящая касса");
    expect($$("#training-banner")).toHaveLength(0);
  });

  it("says a wrong PIN in the dialog, which stays open until Escape", async () => {
    const b = await openSettings({
      switch_training: () => fail("wrong-pin", "Wrong PIN: 2 tries left before the operator is locked", { triesLeft: 2 }),
    });
    await click("#training-switch");
    await click("#manager-dialog-confirm");
    expect(text("#manager-dialog")).toContain("The manager enters their PIN.");
    expect(b.of("switch_training")).toHaveLength(0);
    await authorise("1111");
    expect(text("#manager-dialog")).toContain("Wrong PIN. 2 tries left before Demo Manager is locked.");
    expect(($("#manager-dialog-pin") as HTMLInputElement).value).toBe("");
    expect($$("#sign-in")).toHaveLength(0);
    await press("Escape");
    expect($$("#manager-dialog")).toHaveLength(0);
    expect($$("#settings")).toHaveLength(1);
  });

  it("offers the managers only, the signed-in one first chosen", async () => {
    const other = { ...manager, id: 3, name: "Ольга" };
    await openSettings({ sign_in_choices: () => [other, manager, cashier] });
    await click("#training-switch");
    expect($$("#manager-dialog-manager option:not([disabled])").map((o) => o.textContent)).toEqual(["Ольга", "Demo Manager"]);
    expect(($("#manager-dialog-manager") as HTMLSelectElement).value).toBe("1");
  });
});

describe("connections", () => {
  it("are listed without any secret", async () => {
    await openSettings({ connections: () => [afishaConnection] });
    const row = $('tr.connection[data-name="afisha-main"]');
    expect(row.textContent).toContain("https://api.afisha.example");
    expect(text('tr.connection[data-name="afisha-main"] .stored')).toBe("stored");
  });

  it("are added with the secret fields cleared at once", async () => {
    let added: unknown = null;
    const b = await openSettings({
      add_connection: (a) => {
        added = a.connection;
        // The secret fields are empty before the backend even has the call.
        expect(($("#conn-token") as HTMLInputElement).value).toBe("");
        expect(($("#conn-api-key") as HTMLInputElement).value).toBe("");
        return { profile: { ...afishaConnection.profile, name: "pac" }, stored: true };
      },
    });
    await choose("#conn-platform", "paciolan");
    await type("#conn-name", "pac");
    await type("#conn-url", "https://pac.example");
    await type("#conn-token", "s3cret-token");
    await type("#conn-api-key", "s3cret-key");
    await type("#conn-app-id", "APP");
    await type("#conn-channel", "WEB");
    await type("#conn-currency", "USD");
    b.on("connections", () => [{ ...afishaConnection, profile: { ...afishaConnection.profile, name: "pac", platform: "paciolan" } }]);
    await click("#conn-add");
    expect(added).toMatchObject({
      name: "pac",
      platform: "paciolan",
      baseUrl: "https://pac.example",
      bearerToken: "s3cret-token",
      apiKey: "s3cret-key",
      applicationId: "APP",
      channelCode: "WEB",
      currency: "USD",
      regionCode: null,
      partnerId: null,
    });
    // A fresh form for the next one.
    expect(($("#conn-token") as HTMLInputElement).value).toBe("");
    expect(($("#conn-name") as HTMLInputElement).value).toBe("");
    expect(document.body.innerHTML).not.toContain("s3cret");
    expect(text("#conn-result")).toContain("its secrets are stored");
    expect(text('tr.connection[data-name="pac"] .stored')).toBe("stored");
  });

  it("clear the secrets even when the add fails", async () => {
    await openSettings({ add_connection: () => fail("keyring-unavailable") });
    await type("#conn-name", "a");
    await type("#conn-url", "https://a.example");
    await type("#conn-token", "tok");
    await click("#conn-add");
    expect(($("#conn-token") as HTMLInputElement).value).toBe("");
    expect(text("#conn-result .error-message")).toContain("keyring");
  });

  it("are tested, and removed with a manager's PIN, naming the orders kept and why", async () => {
    const b = await openSettings({
      connections: () => [afishaConnection],
      test_connection: () => "Afisha at https://api.afisha.example accepted the credentials.",
      remove_connection: () => removal,
    });
    await click('button.conn-test[data-name="afisha-main"]');
    expect(text("#conn-result")).toContain("“afisha-main” works");
    await click('button.conn-remove[data-name="afisha-main"]');
    expect(text("#manager-dialog")).toContain("Remove “afisha-main”");
    expect(b.of("remove_connection")).toHaveLength(0);
    b.on("connections", () => []);
    await authorise("2468");
    expect(b.of("remove_connection")).toEqual([{ name: "afisha-main", manager: { managerId: 1, pin: "2468" } }]);
    expect($$("#manager-dialog")).toHaveLength(0);
    expect(text("#conn-result p")).toBe("Removed “afisha-main” and 12 cached orders.");
    expect($$("#conn-result li.kept-order").map((li) => li.textContent)).toEqual([
      "kept: order 1001-5521 — paid and not printed yet",
      "kept: order 1003-0042 — its completion is not over",
    ]);
    expect($$("tr.connection")).toHaveLength(0);
    await choose("#language", "ru");
    expect(text("#conn-result")).toContain("заказов удалено из кэша: 12");
    expect(text("#conn-result")).toContain("оставлен: заказ 1003-0042 — его оформление не завершено");
  });

  it("in use are not removed, and the dialog says why", async () => {
    await openSettings({ connections: () => [afishaConnection], remove_connection: () => fail("connection-busy") });
    await click('button.conn-remove[data-name="afisha-main"]');
    await authorise("2468");
    expect(text("#manager-dialog .error-message")).toContain("completions in progress");
    expect($$('tr.connection[data-name="afisha-main"]')).toHaveLength(1);
  });
});

describe("operators", () => {
  it("are listed and added with a manager's PIN, both PINs cleared", async () => {
    const b = await openSettings({ add_operator: (a) => ({ ...cashier, id: 3, name: String(a.name) }) });
    expect($$("tr.operator-row").map((r) => r.dataset.operatorId)).toEqual(["1", "2"]);
    expect($$("#op-manager-pin")).toHaveLength(0);
    await type("#op-name", "Ирина");
    await choose("#op-role", "cashier");
    await type("#op-pin", "5555");
    await click("#op-add");
    expect(text("#manager-dialog-title")).toBe("Add Ирина as Cashier");
    expect(b.of("add_operator")).toHaveLength(0);
    await authorise("2468");
    expect(b.of("add_operator")).toEqual([{ name: "Ирина", role: "cashier", pin: "5555", manager: { managerId: 1, pin: "2468" } }]);
    expect(($("#op-pin") as HTMLInputElement).value).toBe("");
    expect(text("#ops-result")).toBe("Ирина was added as Cashier.");
  });

  it("keep the new operator's PIN through a refused manager PIN, and clear it on cancel", async () => {
    let tries = 0;
    const b = await openSettings({
      add_operator: (a) => (++tries === 1 ? fail("wrong-pin", "wrong", { triesLeft: 4 }) : { ...cashier, id: 3, name: String(a.name) }),
    });
    await type("#op-name", "Ирина");
    await type("#op-pin", "5555");
    await click("#op-add");
    await authorise("1111");
    expect(text("#manager-dialog")).toContain("Wrong PIN. 4 tries left before Demo Manager is locked.");
    await authorise("2468");
    expect(b.of("add_operator").map((a) => a.pin)).toEqual(["5555", "5555"]);
    await type("#op-name", "Пётр");
    await type("#op-pin", "7777");
    await click("#op-add");
    await click("#manager-dialog-cancel");
    expect(($("#op-pin") as HTMLInputElement).value).toBe("");
  });

  it("are unlocked with a manager's PIN", async () => {
    const locked = { ...cashier, lockedUntil: "2026-11-26T12:30:00Z" };
    const b = await openSettings({ operators: () => [manager, locked], unlock_operator: () => cashier });
    expect(text('tr.operator-row[data-operator-id="2"]')).toContain("17:30");
    await click('button.op-unlock[data-operator-id="2"]');
    expect(text("#manager-dialog-title")).toBe("Unlock Demo Cashier");
    await authorise("2468");
    expect(b.of("unlock_operator")).toEqual([{ operatorId: 2, manager: { managerId: 1, pin: "2468" } }]);
    expect(text("#ops-result")).toBe("Demo Cashier is unlocked.");
  });

  it("are removed with a manager's PIN, and a wrong one is said in the dialog", async () => {
    const b = await openSettings({ remove_operator: () => fail("wrong-pin") });
    expect($$('button.op-remove[data-operator-id="1"]')).toHaveLength(0);
    await click('button.op-remove[data-operator-id="2"]');
    await authorise("0000");
    expect(b.of("remove_operator")).toEqual([{ operatorId: 2, manager: { managerId: 1, pin: "0000" } }]);
    expect(text("#manager-dialog")).toContain("Wrong PIN");
    expect($$("#manager-dialog")).toHaveLength(1);
  });
});
