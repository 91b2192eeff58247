/** Exponential backoff with "equal jitter": half the ceiling fixed, half random (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
