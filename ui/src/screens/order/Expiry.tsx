// The countdown of an order that is held for a while (Vista in progress):
// complete it before the hold runs out.

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

import { useT } from "../../i18n";
import { minutesSeconds } from "../../i18n/format";

export function Expiry({ at, platform }: { at: string; platform: string }): JSX.Element {
  const { t } = useT();
  const [now, setNow] = useState(Date.now());
  const left = Date.parse(at) - now;
  useEffect(() => {
    if (left <= 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at, left > 0]);
  return (
    <p class={left > 0 ? "expiry" : "expiry over"} data-expires={at} role="timer">
      {left > 0 ? t("order.heldFor", { time: minutesSeconds(left) }) : t("order.holdOver", { platform })}
    </p>
  );
}
