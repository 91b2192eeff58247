/** A mistake in how the CLI was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** One of a flag's choices, matched without regard to case (`--to DingTalk`), or a UsageError naming them. */
export function choice<T extends string>(
  flag: string,
  value: string | undefined,
  options: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  const found = options.find((option) => option.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw new UsageError(`--${flag} must be ${options.join(' or ')}, not ${value}`);
  return found;
}
