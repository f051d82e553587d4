// Times as the counter shows them, through Intl only. A session is shown in
// its venue's zone (the customer's ticket says that time); "cached at" and
// print-log times in the till's own zone, where the cashier is.

/**
 * A session start in the venue's zone, as its day and its time (with the
 * zone); an all-day event has no time. `zoneName` is the zone's name as
 * the order panel gives it ("MSK"), so that the list and the order say the
 * same; without it, Intl's short name ("GMT+3").
 */
export function sessionTime(
  iso: string,
  timeZone: string | null,
  locale: string,
  allDay = false,
  zoneName: string | null = null,
): { day: string; time: string | null } {
  const at = new Date(iso);
  const zone = timeZone ?? undefined;
  const day = new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: zone }).format(at);
  if (allDay) return { day, time: null };
  if (zoneName) {
    const clock = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: zone }).format(at);
    return { day, time: `${clock} ${zoneName}` };
  }
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZoneName: "short", timeZone: zone }).format(at);
  return { day, time };
}

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "14:03" today, "25 Nov, 14:03" another day: the till's zone. */
export function clockTime(iso: string, locale: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const time: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };
  const options: Intl.DateTimeFormatOptions = sameLocalDay(at, now) ? time : { ...time, day: "numeric", month: "short" };
  return new Intl.DateTimeFormat(locale, options).format(at);
}

/** A full date and time to the second, for the print log. */
export function logTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(new Date(iso));
}

const twoDigits = new Intl.NumberFormat("en", { minimumIntegerDigits: 2, useGrouping: false });

/** "1:07": minutes and seconds, for a completion's wait or a hold's countdown. */
export function minutesSeconds(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${twoDigits.format(s % 60)}`;
}

export function number(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

type DayPart = "day" | "month" | "year";

/** The order of day, month and year in `locale`'s numeric dates, and what separates them. */
function dayLayout(locale: string): { order: DayPart[]; separator: string } {
  const parts = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric" }).formatToParts(new Date(2026, 10, 25));
  const order = parts.map((p) => p.type).filter((t): t is DayPart => t === "day" || t === "month" || t === "year");
  return { order, separator: parts.find((p) => p.type === "literal")?.value ?? "." };
}

/**
 * How a day is typed in `locale` ("ДД.ММ.ГГГГ", "DD/MM/YYYY"), from the
 * catalogue's words for the day, month and year. WebKitGTK shows its date
 * fields in the system's format whatever the page's language, so the
 * window's day fields are text in the chosen language's format instead.
 */
export function dayPattern(locale: string, words: Record<DayPart, string>): string {
  const { order, separator } = dayLayout(locale);
  return order.map((p) => words[p]).join(separator);
}

/**
 * A day as typed in `locale`'s order (any separators; a two-digit year is
 * this century's), or as YYYY-MM-DD, as YYYY-MM-DD; null when it is no day.
 */
export function parseDay(text: string, locale: string): string | null {
  const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  const numbers = iso ? [iso[1], iso[2], iso[3]] : text.trim().split(/\D+/).filter(Boolean);
  if (numbers.length !== 3) return null;
  const order: DayPart[] = iso ? ["year", "month", "day"] : dayLayout(locale).order;
  const at = (part: DayPart) => Number(numbers[order.indexOf(part)]);
  const year = at("year") < 100 ? 2000 + at("year") : at("year");
  const [month, day] = [at("month"), at("day")];
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A day typed in a date field (YYYY-MM-DD) as the instant its local day starts. */
export function startOfLocalDay(day: string, plusDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}
