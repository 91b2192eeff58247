/** `2025-05-28 09:59:59` in a given IANA zone. Formatters are cached: building one costs ~50 µs. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(ms: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // sv-SE formats as `YYYY-MM-DD HH:MM:SS`, the least ambiguous layout Intl offers.
    formatter = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(ms));
}

/** `2025-05-28 09:59:59 UTC / 2025-05-28 17:59:59 Asia/Shanghai` (the second part omitted for UTC). */
export function formatUtcAndLocal(ms: number, timeZone: string): string {
  const utc = `${formatDateTime(ms, 'UTC')} UTC`;
  return timeZone === 'UTC' || timeZone === 'Etc/UTC' ? utc : `${utc} / ${formatDateTime(ms, timeZone)} ${timeZone}`;
}

/** `2025-05-28 17:59:59 Asia/Shanghai`: one time in the reader's zone, said with the zone. */
export function formatInZone(ms: number, timeZone: string): string {
  return `${formatDateTime(ms, timeZone)} ${timeZone === 'Etc/UTC' ? 'UTC' : timeZone}`;
}

/** `1 h 5 min`, `42 s`: durations for humans. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
