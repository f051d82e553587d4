// The site (the cinema's shared database) as this counter last heard of
// it, for the banner, the site settings and the conflicts: polled every two
// seconds from the backend's own state (no network call of its own), from
// before anyone signs in.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";

import { commands } from "../bindings";
import { call } from "../ipc";
import type { SiteStatus } from "./context";

const SITE_POLL_MS = 2000;

/** The site, and how a site act's answer replaces it at once. */
export function useSite(active: boolean): [SiteStatus | null, (site: SiteStatus | null) => void] {
  const [site, setSite] = useState<SiteStatus | null>(null);
  // Bumped by an act's answer: a poll that left before it is older.
  const epoch = useRef(0);
  useEffect(() => {
    if (!active) return;
    const read = () => {
      const mine = epoch.current;
      // A failed poll keeps what was last known: the next one will tell.
      call(commands.siteStatus()).then((s) => mine === epoch.current && setSite(s), () => undefined);
    };
    read();
    const timer = setInterval(read, SITE_POLL_MS);
    return () => clearInterval(timer);
  }, [active]);
  const changed = useCallback((s: SiteStatus | null) => {
    epoch.current++;
    setSite(s);
  }, []);
  return [site, changed];
}
