// A button that names its shortcut ("Print · F4"), so the keys are learnt
// by using the mouse.

import type { JSX } from "preact";

import type { Shortcut } from "../shortcuts";

interface Props {
  id: string;
  label: string;
  shortcut?: Shortcut;
  primary?: boolean;
  disabled?: boolean;
  describedBy?: string;
  onClick(): void;
}

export function ActionButton(p: Props): JSX.Element {
  return (
    <button
      type="button"
      id={p.id}
      class={p.primary ? "primary" : undefined}
      disabled={p.disabled}
      aria-describedby={p.describedBy}
      aria-keyshortcuts={p.shortcut?.replace(",", "Comma")}
      onClick={p.onClick}
    >
      {p.label}
      {p.shortcut && <span class="key"> · {p.shortcut}</span>}
    </button>
  );
}
