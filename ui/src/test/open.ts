// Opens one order on the counter, as a scan would.

import type { OrderView_Serialize } from "../bindings";
import type { Backend, Handler } from "./backend";
import { backend } from "./backend";
import { mount, press, type } from "./dom";
import { found, summary } from "./fixtures";

export async function openOrder(v: OrderView_Serialize, handlers: Record<string, Handler> = {}): Promise<Backend> {
  const b = backend({
    search_orders: (a) => (a.query ? found([summary({ platform: v.platform, id: v.id, number: v.number })], { exact: true }) : found([])),
    order_details: () => v,
    ...handlers,
  });
  await mount();
  await type("#scan", v.number);
  await press("Enter");
  return b;
}
