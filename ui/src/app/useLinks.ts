// The platforms' reachability for the status chips and offline banners:
// polled every few seconds from what the backend last heard (cheap, no
// network call of its own).

import { useEffect, useState } from "preact/hooks";

import { commands } from "../bindings";
import { call } from "../ipc";
import type { PlatformLink } from "./context";

const LINKS_POLL_MS = 3000;

/** `initial`: the links of the latest status, once there is one. */
export function useLinks(initial: PlatformLink[] | undefined, active: boolean): PlatformLink[] {
  const [links, setLinks] = useState<PlatformLink[]>([]);
  useEffect(() => {
    if (initial) setLinks(initial);
  }, [initial]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      // A failed poll keeps what was last known: the next one will tell.
      call(commands.platformLinks()).then(setLinks, () => undefined);
    }, LINKS_POLL_MS);
    return () => clearInterval(timer);
  }, [active]);
  return links;
}
