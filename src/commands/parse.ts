/**
 * Text → Command. `/tcu status` typed in Slack (command `/tcu`, text `status`), `@bot /tcu status` in
 * DingTalk and a line in the local console all parse here to the same typed value, or to a
 * CommandError that says what was wrong and shows the right usage.
 */
import { GRAMMAR, usageOf, type CommandKind, type CommandSpec } from './grammar.ts';

export interface Command {
  readonly kind: CommandKind;
  readonly spec: CommandSpec;
  /** `key=value` options as given (validated by the use case with its own limits). */
  readonly options: Readonly<Record<string, string>>;
  readonly flags: ReadonlySet<string>;
}

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    /** The usage lines to show with the error. */
    readonly usage: readonly string[],
  ) {
    super(message);
  }
}

/** Splits on whitespace; full-width spaces and a leading @mention (DingTalk) are tolerated. */
function tokens(text: string): string[] {
  return text
    .replace(/\u3000/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '' && !token.startsWith('@'));
}

export function parseCommand(text: string): Command {
  const words = tokens(text);
  const [first, ...rest] = words;
  if (!first) throw new CommandError('empty command', GRAMMAR.map(usageOf));
  const command = (first.startsWith('/') ? first : `/${first}`).toLowerCase();
  const candidates = GRAMMAR.filter((spec) => spec.command === command);
  if (candidates.length === 0) throw new CommandError(`unknown command ${first}`, GRAMMAR.map(usageOf));

  const sub = rest[0]?.toLowerCase();
  const spec =
    candidates.find((candidate) => candidate.sub === sub) ??
    candidates.find((candidate) => candidate.sub === undefined) ??
    (sub === undefined ? candidates.find((candidate) => candidate.isDefault) : undefined);
  if (!spec) {
    throw new CommandError(sub ? `${command} has no sub-command ${rest[0]}` : `${command} needs a sub-command`, candidates.map(usageOf));
  }
  const args = spec.sub !== undefined && sub === spec.sub ? rest.slice(1) : rest;
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  const problems: string[] = [];
  for (const arg of args) {
    const equals = arg.indexOf('=');
    if (equals > 0) {
      const key = arg.slice(0, equals).toLowerCase();
      const value = arg.slice(equals + 1);
      if (!spec.options.some((option) => option.key === key)) problems.push(`unknown option ${key}`);
      else if (value === '') problems.push(`${key}= needs a value`);
      else if (key in options) problems.push(`${key} given twice`);
      else options[key] = value;
    } else if (spec.flags.includes(arg.toLowerCase())) flags.add(arg.toLowerCase());
    else problems.push(`unexpected ${arg}`);
  }
  for (const option of spec.options) if (option.isRequired && !(option.key in options)) problems.push(`${option.key}= is required`);
  if (problems.length > 0) throw new CommandError(problems.join('; '), [usageOf(spec)]);
  return { kind: spec.kind, spec, options, flags };
}

/** Help generated from the grammar: usage and what each command does, costly ones marked. */
export function helpText(): string[] {
  return GRAMMAR.map((spec) => `${usageOf(spec)} — ${spec.summary}${spec.isCostly ? ' (allowed users only)' : ''}`);
}
