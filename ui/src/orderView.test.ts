import { describe, expect, it } from "vitest";

import { timeLeft } from "./orderView";

describe("the hold countdown", () => {
  it("counts minutes and seconds down to the expiry", () => {
    const now = new Date("2026-11-24T20:00:00Z");
    expect(timeLeft("2026-11-24T20:12:04Z", now)).toBe("12:04");
    expect(timeLeft("2026-11-24T20:00:09Z", now)).toBe("0:09");
  });

  it("is gone once the hold has expired or the time is unreadable", () => {
    const now = new Date("2026-11-24T20:00:00Z");
    expect(timeLeft("2026-11-24T19:59:59Z", now)).toBeNull();
    expect(timeLeft("not a date", now)).toBeNull();
  });
});
