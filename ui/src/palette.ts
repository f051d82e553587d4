// The window's colours, which styles.css mirrors as CSS variables of the
// same names (a test checks both agree), and the text/background pairs the
// screens use, each of which must reach WCAG AA (4.5:1): the counter is read
// at arm's length under foyer lighting.

export const palette = {
  ink: "#141b2d",
  muted: "#485266",
  bg: "#f3f4f7",
  panel: "#ffffff",
  line: "#b8bfcc",
  accent: "#1c2c5b",
  "on-accent": "#ffffff",
  ok: "#17683a",
  wait: "#7a4d00",
  bad: "#a3222b",
  info: "#33507a",
  selected: "#dce4f5",
  "training-bg": "#ffcf3f",
  "training-ink": "#2b2100",
  "alert-bg": "#fde3e1",
  "alert-ink": "#6e1017",
  "disabled-bg": "#e4e7ed",
  "disabled-ink": "#4d5566",
  "note-bg": "#eef1f8",
} as const;

type Colour = keyof typeof palette;

/** Every text colour on every background it is drawn on. */
export const pairs: readonly (readonly [text: Colour, background: Colour])[] = [
  ["ink", "bg"],
  ["ink", "panel"],
  ["ink", "selected"],
  ["ink", "note-bg"],
  ["muted", "bg"],
  ["muted", "panel"],
  ["muted", "selected"],
  ["muted", "note-bg"],
  ["accent", "selected"],
  ["accent", "panel"],
  ["accent", "bg"],
  ["on-accent", "accent"],
  ["on-accent", "ok"],
  ["on-accent", "wait"],
  ["on-accent", "bad"],
  ["on-accent", "info"],
  ["ok", "panel"],
  ["wait", "panel"],
  ["bad", "panel"],
  ["ok", "bg"],
  ["wait", "bg"],
  ["bad", "bg"],
  ["ok", "note-bg"],
  ["wait", "note-bg"],
  ["bad", "note-bg"],
  ["bad", "selected"],
  ["training-ink", "training-bg"],
  ["alert-ink", "alert-bg"],
  ["disabled-ink", "disabled-bg"],
];

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => channel(parseInt(x ?? "0", 16)));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}
