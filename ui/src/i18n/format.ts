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

/** A day typed in a date field (YYYY-MM-DD) as the instant its local day starts. */
export function startOfLocalDay(day: string, plusDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}
