// A stand-in for the Rust side behind Tauri's own `mockIPC`, so the tests
// go through the real generated bindings and `invoke`. Every command has a
// harmless default; a test overrides the ones it is about and reads back
// what was called with what.

import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";

import type { ErrorCode } from "../bindings";
import { found, manager, cashier, status } from "./fixtures";

export type Args = Record<string, unknown>;
export type Handler = (args: Args) => unknown;

export interface Call {
  cmd: string;
  args: Args;
}

/** What a command answers with to fail: the shape of the Rust `IpcError`. */
export function fail(
  code: ErrorCode,
  message = `backend says: ${code}`,
  extra: { triesLeft?: number; lockedUntil?: string } = {},
): never {
  throw { code, message, ...extra };
}

const DEFAULTS: Record<string, Handler> = {
  app_status: () => status(),
  platform_links: () => [],
  ui_ready: () => null,
  sign_in_choices: () => [manager, cashier],
  sign_out: () => null,
  search_orders: () => found([]),
  connections: () => [],
  stocks: () => ["thermal-80", "boca", "a4", "letter"],
  printers: () => [],
  get_settings: () => ({
    language: "en",
    printer: "boca-1",
    stock: "boca",
    retentionDays: 30,
    keepContacts: true,
    idleLockMinutes: 5,
    trainingMode: true,
    workstation: "till-1",
    offlineOriginalsNeedManager: false,
    offlineSignInHours: 12,
  }),
  set_language: (a) => ({ language: a.language }),
  operators: () => [manager, cashier],
  print_log: () => [],
  till_controls: () => [],
  site_status: () => null,
  verify_site_log: () => null,
};

export interface Backend {
  calls: Call[];
  /** The calls of one command, in order. */
  of(cmd: string): Args[];
  /** Replaces a command's answer from now on. */
  on(cmd: string, handler: Handler): void;
}

export function backend(handlers: Record<string, Handler> = {}): Backend {
  const table: Record<string, Handler> = { ...DEFAULTS, ...handlers };
  const calls: Call[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Args;
    calls.push({ cmd, args: a });
    const h = table[cmd];
    if (!h) throw new Error(`the test backend has no command ${cmd}`);
    return h(a);
  });
  return {
    calls,
    of: (cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args),
    on: (cmd, h) => {
      table[cmd] = h;
    },
  };
}

export { clearMocks };
