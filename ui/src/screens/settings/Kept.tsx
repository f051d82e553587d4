// The orders a removal left in the cache (a connection removed, a shorter
// retention), each with why: they still matter to the till.

import type { JSX } from "preact";

import type { Kept } from "../../bindings";
import { useT } from "../../i18n";

export function KeptList({ kept }: { kept: Kept[] | undefined }): JSX.Element | null {
  const { t } = useT();
  if (!kept || kept.length === 0) return null;
  return (
    <ul class="kept">
      {kept.map((k) => (
        <li key={`${k.platform}:${k.id}`} class="kept-order" data-why={k.why}>
          {t(`removal.kept.${k.why}`, { number: k.number })}
        </li>
      ))}
    </ul>
  );
}
