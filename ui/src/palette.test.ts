// WCAG AA for every text/background pair the window draws, and styles.css
// holding exactly the palette's colours.

import css from "./styles.css?raw";
import { contrast, pairs, palette } from "./palette";

describe("the palette", () => {
  it.each(pairs.map(([text, bg]) => [text, bg]))("%s on %s reaches 4.5:1", (text, bg) => {
    expect(contrast(palette[text], palette[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it("is what styles.css uses", () => {
    const root = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? "";
    const vars = Object.fromEntries([...root.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]?.toLowerCase()]));
    expect(vars).toEqual(palette);
  });

  it("computes contrast as WCAG does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });
});
