// Times as the counter shows them. The tests run in a till zone (UTC+5,
// see vite.config.ts) that is neither venue's, so a session shown in the
// till's zone instead of the venue's would fail.

import { clockTime, dayPattern, logTime, minutesSeconds, parseDay, sessionTime, startOfLocalDay } from "./format";

const start = "2026-11-26T16:30:00Z";

describe("a session's time", () => {
  it("is shown in the venue's zone, in Russian", () => {
    expect(sessionTime(start, "Europe/Moscow", "ru-RU")).toEqual({ day: "чт, 26 нояб.", time: "19:30 GMT+3" });
  });

  it("is shown in the venue's zone, in English", () => {
    expect(sessionTime(start, "Europe/Moscow", "en-GB")).toEqual({ day: "Thu 26 Nov", time: "19:30 GMT+3" });
    // The same instant at a New York venue is that morning there.
    expect(sessionTime(start, "America/New_York", "en-GB")).toEqual({ day: "Thu 26 Nov", time: "11:30 GMT-5" });
    // And past midnight at a Tokyo venue: the next day.
    expect(sessionTime(start, "Asia/Tokyo", "ru-RU")).toEqual({ day: "пт, 27 нояб.", time: "01:30 GMT+9" });
  });

  it("names the zone as the order does, when the order gives its name", () => {
    expect(sessionTime(start, "Europe/Moscow", "ru-RU", false, "MSK")).toEqual({ day: "чт, 26 нояб.", time: "19:30 MSK" });
    expect(sessionTime(start, "America/New_York", "en-US", false, "EST")).toEqual({ day: "Thu, Nov 26", time: "11:30 AM EST" });
  });

  it("of an all-day event is just the day", () => {
    expect(sessionTime("2026-11-26T21:00:00Z", "Europe/Moscow", "en-GB", true)).toEqual({ day: "Fri 27 Nov", time: null });
  });
});

describe("till times", () => {
  const now = new Date("2026-11-26T12:00:00Z");

  it("are the clock time today, in the till's zone", () => {
    expect(clockTime("2026-11-26T09:02:00Z", "en-GB", now)).toBe("14:02");
    expect(clockTime("2026-11-26T09:02:00Z", "ru-RU", now)).toBe("14:02");
  });

  it("carry the day when it is another one", () => {
    expect(clockTime("2026-11-24T09:02:00Z", "en-GB", now)).toBe("24 Nov, 14:02");
    expect(clockTime("2026-11-24T09:02:00Z", "ru-RU", now)).toBe("24 нояб., 14:02");
  });

  it("in the print log carry the date and seconds", () => {
    expect(logTime("2026-11-26T12:04:05Z", "ru-RU")).toBe("26.11.2026, 17:04:05");
    expect(logTime("2026-11-26T12:04:05Z", "en-GB")).toBe("26/11/2026, 17:04:05");
  });
});

describe("durations", () => {
  it("are minutes and seconds", () => {
    expect(minutesSeconds(67_000)).toBe("1:07");
    expect(minutesSeconds(5_999)).toBe("0:05");
    expect(minutesSeconds(-5)).toBe("0:00");
    expect(minutesSeconds(754_000)).toBe("12:34");
  });
});

describe("a day from a date field", () => {
  it("starts at the till's local midnight", () => {
    expect(startOfLocalDay("2026-11-26")).toBe("2026-11-25T19:00:00.000Z");
    expect(startOfLocalDay("2026-11-30", 1)).toBe("2026-11-30T19:00:00.000Z");
    expect(startOfLocalDay("")).toBeNull();
  });
});

describe("days typed in a field", () => {
  it("are read in the window language's order, whatever the separators", () => {
    expect(parseDay("25.11.2026", "ru-RU")).toBe("2026-11-25");
    expect(parseDay("5.1.26", "ru-RU")).toBe("2026-01-05");
    expect(parseDay("25/11/2026", "en-GB")).toBe("2026-11-25");
    expect(parseDay("11/25/2026", "en-US")).toBe("2026-11-25");
    expect(parseDay(" 25 11 2026 ", "en-GB")).toBe("2026-11-25");
    // ISO days read the same in every language.
    expect(parseDay("2026-11-25", "en-US")).toBe("2026-11-25");
  });

  it("that are no day are refused, not rolled over into another", () => {
    expect(parseDay("31.11.2026", "ru-RU")).toBeNull();
    expect(parseDay("11/25/2026", "en-GB")).toBeNull();
    expect(parseDay("25.11", "ru-RU")).toBeNull();
    expect(parseDay("вчера", "ru-RU")).toBeNull();
  });

  it("are asked for in the language's own pattern", () => {
    expect(dayPattern("ru-RU", { day: "ДД", month: "ММ", year: "ГГГГ" })).toBe("ДД.ММ.ГГГГ");
    expect(dayPattern("en-GB", { day: "DD", month: "MM", year: "YYYY" })).toBe("DD/MM/YYYY");
    expect(dayPattern("en-US", { day: "DD", month: "MM", year: "YYYY" })).toBe("MM/DD/YYYY");
  });
});
