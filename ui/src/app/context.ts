// What every screen may ask of the app: the till's status, who is signed
// in, the platforms' and the site's reachability, where to go, and the
// shared progress line.

import { createContext } from "preact";
import { useContext } from "preact/hooks";

import type { AppStatus_Serialize, Operator_Serialize, PlatformLink_Serialize, SiteStatus_Serialize } from "../bindings";

export type AppStatus = AppStatus_Serialize;
export type Operator = Operator_Serialize;
export type PlatformLink = PlatformLink_Serialize;
export type SiteStatus = SiteStatus_Serialize;
export type Screen = "counter" | "manager" | "settings";

export interface AppApi {
  status: AppStatus;
  operator: Operator | null;
  links: PlatformLink[];
  /** The site as last polled; null while this counter works alone. */
  site: SiteStatus | null;
  /** What a site act (join, leave, acknowledge) answered, shown at once. */
  siteChanged(site: SiteStatus | null): void;
  go(screen: Screen): void;
  /** Reads the status again (after settings change the printer, the idle lock...). */
  refreshStatus(): Promise<void>;
  /**
   * The backend reopened on the other till (training or real) and signed
   * everyone out: read its status and go back to sign-in.
   */
  tillSwitched(): Promise<void>;
  signedIn(operator: Operator): void;
  signOut(): Promise<void>;
  /** Shows `label` in the progress line while `work` runs. */
  busy<T>(label: string, work: () => Promise<T>): Promise<T>;
}

export const App = createContext<AppApi | null>(null);

export function useApp(): AppApi {
  const api = useContext(App);
  if (!api) throw new Error("useApp outside the app");
  return api;
}

/** The signed-in operator, on screens only a signed-in operator reaches. */
export function useOperator(): Operator {
  const op = useApp().operator;
  if (!op) throw new Error("no operator signed in");
  return op;
}
