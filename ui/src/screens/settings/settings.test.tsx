// Settings: a manager saves them (a training-mode switch asks for a
// restart), a cashier only reads them; connections are added with their
// secrets cleared the moment they leave; operators are managed with the
// manager's own PIN again.

import type { Connection_Serialize } from "../../bindings";
import { backend, fail, type Backend } from "../../test/backend";
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
    const b = await openSettings({ save_settings: (a) => a.settings });
    await choose("#printer", "office");
    await choose("#stock", "a4");
    await type("#idle-lock", "10");
    await choose("#keep-contacts", "");
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
    });
    expect(text("#settings-result")).toBe("Settings saved.");
    expect(b.of("app_status").length).toBeGreaterThan(1);
    expect($$("#restart")).toHaveLength(0);
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
      save_settings: (a) => a.settings,
    });
    await choose("#language", "ru");
    await click("#settings-save");
    expect(b.of("save_settings")[0]?.settings).toMatchObject({ language: "ru" });
    expect(text("#settings-result")).toBe("Настройки сохранены.");
  });

  it("ask for a restart after training mode is switched", async () => {
    const b = await openSettings({ save_settings: (a) => a.settings, restart_app: () => null });
    await choose("#training-mode", "");
    await click("#settings-save");
    expect(text("#settings")).toContain("Restart Box Office to switch training mode.");
    await click("#restart");
    expect(b.of("restart_app")).toHaveLength(1);
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

  it("are tested and removed (after a confirmation)", async () => {
    const b = await openSettings({
      connections: () => [afishaConnection],
      test_connection: () => "Afisha at https://api.afisha.example accepted the credentials.",
      remove_connection: () => 12,
    });
    await click('button.conn-test[data-name="afisha-main"]');
    expect(text("#conn-result")).toContain("“afisha-main” works");
    await click('button.conn-remove[data-name="afisha-main"]');
    expect(b.of("remove_connection")).toHaveLength(0);
    b.on("connections", () => []);
    await click('button.conn-remove-confirm[data-name="afisha-main"]');
    expect(b.of("remove_connection")).toEqual([{ name: "afisha-main" }]);
    expect(text("#conn-result")).toContain("12 cached orders");
    expect($$("tr.connection")).toHaveLength(0);
  });
});

describe("operators", () => {
  it("are listed and added with the manager's own PIN, both PINs cleared", async () => {
    const b = await openSettings({ add_operator: (a) => ({ ...cashier, id: 3, name: String(a.name) }) });
    expect($$("tr.operator-row").map((r) => r.dataset.operatorId)).toEqual(["1", "2"]);
    await type("#op-name", "Ирина");
    await choose("#op-role", "cashier");
    await type("#op-pin", "5555");
    await type("#op-manager-pin", "2468");
    await click("#op-add");
    expect(b.of("add_operator")).toEqual([{ name: "Ирина", role: "cashier", pin: "5555", managerPin: "2468" }]);
    expect(($("#op-pin") as HTMLInputElement).value).toBe("");
    expect(($("#op-manager-pin") as HTMLInputElement).value).toBe("");
    expect(text("#ops-result")).toBe("Ирина was added as Cashier.");
  });

  it("are unlocked with the manager's PIN", async () => {
    const locked = { ...cashier, lockedUntil: "2026-11-26T12:30:00Z" };
    const b = await openSettings({ operators: () => [manager, locked], unlock_operator: () => cashier });
    expect(text('tr.operator-row[data-operator-id="2"]')).toContain("17:30");
    await click('button.op-unlock[data-operator-id="2"]');
    await type('tr.operator-row[data-operator-id="2"] .row-manager-pin', "2468");
    await click('tr.operator-row[data-operator-id="2"] .row-confirm');
    expect(b.of("unlock_operator")).toEqual([{ operatorId: 2, managerPin: "2468" }]);
    expect(text("#ops-result")).toBe("Demo Cashier is unlocked.");
  });

  it("are removed with the manager's PIN, and a wrong one is said", async () => {
    await openSettings({ remove_operator: () => fail("wrong-pin") });
    expect($$('button.op-remove[data-operator-id="1"]')).toHaveLength(0);
    await click('button.op-remove[data-operator-id="2"]');
    await type('tr.operator-row[data-operator-id="2"] .row-manager-pin', "0000");
    await click('tr.operator-row[data-operator-id="2"] .row-confirm');
    expect(text("#ops-result .error-message")).toContain("Wrong PIN");
  });
});
