// The counter's view of the backend: the generated bindings with their
// Result values turned into exceptions carrying the stable error code.

import {
  commands,
  type AppStatus_Serialize,
  type CompletionResult_Serialize,
  type IpcError,
  type OrderSummary_Serialize,
  type OrderView_Serialize,
  type Platform,
  type SavedPdf,
} from "./bindings";

// What the backend sends is always the serialised form of each type.
export type AppStatus = AppStatus_Serialize;
export type OrderSummary = OrderSummary_Serialize;
export type OrderView = OrderView_Serialize;
export type CompletionResult = CompletionResult_Serialize;
export type { IpcError, Platform, SavedPdf };

export class BackendError extends Error {
  readonly code: IpcError["code"];
  constructor(error: IpcError) {
    super(error.message);
    this.code = error.code;
  }
}

export interface Backend {
  appStatus(): Promise<AppStatus>;
  searchOrders(query: string): Promise<OrderSummary[]>;
  orderDetails(platform: Platform, id: string): Promise<OrderView>;
  completeOrder(platform: Platform, id: string): Promise<CompletionResult>;
  refreshOrder(platform: Platform, id: string): Promise<OrderView>;
  stocks(): Promise<string[]>;
  savePdf(platform: Platform, id: string, stock: string): Promise<SavedPdf>;
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

function unwrap<T>(r: Outcome<T>): T {
  if (r.status === "ok") return r.data;
  throw new BackendError(r.error);
}

export const tauriBackend: Backend = {
  appStatus: async () => unwrap(await commands.appStatus()),
  searchOrders: async (query) => unwrap(await commands.searchOrders(query)),
  orderDetails: async (platform, id) => unwrap(await commands.orderDetails(platform, id)),
  completeOrder: async (platform, id) => unwrap(await commands.completeOrder(platform, id)),
  refreshOrder: async (platform, id) => unwrap(await commands.refreshOrder(platform, id)),
  stocks: async () => commands.stocks(),
  savePdf: async (platform, id, stock) => unwrap(await commands.savePdf(platform, id, stock)),
};
