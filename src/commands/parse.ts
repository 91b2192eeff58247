/**
 * Text → Command. `/tcu status` typed in Slack (command `/tcu`, text `status`), `@bot /tcu status` in
 * DingTalk and a line in the local console all parse here to the same typed value, or to a
 * CommandError that says what was wrong and shows the right usage.
 */
import { closest, distance } from 'fastest-levenshtein';
import { GRAMMAR, usageOf, type CommandKind, type CommandSpec } from './grammar.ts';

export interface Command {
  readonly kind: CommandKind;
  readonly spec: CommandSpec;
  /** `key=value` options as given (validated by the use case with its own limits). */
  readonly options: Readonly<Record<string, string>>;
  readonly flags: ReadonlySet<string>;
  /** The plain value, when the command takes one and it was given. */
  readonly argument?: string;
}

/** What was wrong with a command, as data: each platform words it in its own language. */
export type CommandProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'unknown-command'; readonly word: string }
  | { readonly kind: 'unknown-sub-command'; readonly command: string; readonly sub: string }
  | { readonly kind: 'needs-sub-command'; readonly command: string }
  | { readonly kind: 'unknown-option'; readonly key: string }
  | { readonly kind: 'option-without-value'; readonly key: string }
  | { readonly kind: 'option-twice'; readonly key: string }
  | { readonly kind: 'option-required'; readonly key: string }
  | { readonly kind: 'text-required'; readonly value: string }
  | { readonly kind: 'unexpected'; readonly word: string };

/** English wording of a problem (the error's message; chat replies use commands/command-strings.ts). */
export function describeProblem(problem: CommandProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'empty command';
    case 'unknown-command':
      return `unknown command ${problem.word}`;
    case 'unknown-sub-command':
      return `${problem.command} has no sub-command ${problem.sub}`;
    case 'needs-sub-command':
      return `${problem.command} needs a sub-command`;
    case 'unknown-option':
      return `unknown option ${problem.key}`;
    case 'option-without-value':
      return `${problem.key}= needs a value`;
    case 'option-twice':
      return `${problem.key} given twice`;
    case 'option-required':
      return `${problem.key}= is required`;
    case 'text-required':
      return `${problem.value} is required`;
    case 'unexpected':
      return `unexpected ${problem.word}`;
  }
}

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    readonly problems: readonly CommandProblem[],
    /** The usage lines to show with the error. */
    readonly usage: readonly string[],
    /** The command the text most likely meant, for "did you mean …". */
    readonly suggestion?: string,
  ) {
    super(problems.map(describeProblem).join('; '));
  }
}

/** A typo is at most this many edits away (`/tcu stauts`, `/lodtest`, `sq1=`). */
const MAX_TYPO_EDITS = 2;

/** The nearest of `candidates` to `word`, if it is a plausible typo of it. */
function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  return distance(word, best) <= Math.min(MAX_TYPO_EDITS, Math.floor(best.length / 2)) ? best : undefined;
}

/** What a mistyped command probably meant, written out in full with what else was typed. */
function suggestFor(word: string, rest: readonly string[]): string | undefined {
  const command = nearest(word, [...new Set(GRAMMAR.map((spec) => spec.command))]);
  if (!command) return undefined;
  return [command, ...rest].join(' ');
}

/** Splits on whitespace; full-width spaces and a leading @mention (DingTalk) are tolerated. */
function tokens(text: string): string[] {
  return text
    .replace(/\u3000/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '' && !token.startsWith('@'));
}

/** What follows the command word in the message, trimmed. */
function textAfter(text: string, word: string): string {
  const at = text.indexOf(word);
  return at < 0
    ? ''
    : text
        .slice(at + word.length)
        .replace(/\u3000/g, ' ')
        .trim();
}

export function parseCommand(text: string): Command {
  const words = tokens(text);
  const [first, ...rest] = words;
  if (!first) throw new CommandError([{ kind: 'empty' }], GRAMMAR.map(usageOf));
  const command = (first.startsWith('/') ? first : `/${first}`).toLowerCase();
  const candidates = GRAMMAR.filter((spec) => spec.command === command);
  if (candidates.length === 0)
    throw new CommandError([{ kind: 'unknown-command', word: first }], GRAMMAR.map(usageOf), suggestFor(command, rest));

  const sub = rest[0]?.toLowerCase();
  const spec =
    candidates.find((candidate) => candidate.sub === sub) ??
    candidates.find((candidate) => candidate.sub === undefined) ??
    (sub === undefined ? candidates.find((candidate) => candidate.isDefault) : undefined);
  if (!spec) {
    const subs = candidates.flatMap((candidate) => (candidate.sub ? [candidate.sub] : []));
    const meant = sub === undefined ? undefined : nearest(sub, subs);
    throw new CommandError(
      [rest[0] ? { kind: 'unknown-sub-command', command, sub: rest[0] } : { kind: 'needs-sub-command', command }],
      candidates.map(usageOf),
      meant ? [command, meant, ...rest.slice(1)].join(' ') : undefined,
    );
  }
  if (spec.text) {
    // The rest of the message as typed (line breaks and all): a query is not split into options.
    const after = textAfter(text, first);
    if (after === '') throw new CommandError([{ kind: 'text-required', value: spec.text.value }], [usageOf(spec)]);
    return { kind: spec.kind, spec, options: {}, flags: new Set(), argument: after };
  }
  const args = spec.sub !== undefined && sub === spec.sub ? rest.slice(1) : rest;
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  const problems: CommandProblem[] = [];
  let argument: string | undefined;
  for (const arg of args) {
    if (spec.argument && argument === undefined && spec.argument.pattern.test(arg)) {
      argument = arg;
      continue;
    }
    const equals = arg.indexOf('=');
    if (equals > 0) {
      const key = arg.slice(0, equals).toLowerCase();
      const value = arg.slice(equals + 1);
      if (!spec.options.some((option) => option.key === key)) problems.push({ kind: 'unknown-option', key });
      else if (value === '') problems.push({ kind: 'option-without-value', key });
      else if (key in options) problems.push({ kind: 'option-twice', key });
      else options[key] = value;
    } else if (spec.flags.includes(arg.toLowerCase())) flags.add(arg.toLowerCase());
    else problems.push({ kind: 'unexpected', word: arg });
  }
  for (const option of spec.options)
    if (option.isRequired && !(option.key in options)) problems.push({ kind: 'option-required', key: option.key });
  if (problems.length > 0) {
    // An unknown option that is a typo of a real one: the whole command as it was probably meant.
    const keys = spec.options.map((option) => option.key);
    let isFixed = false;
    const fixed = args.map((arg) => {
      const equals = arg.indexOf('=');
      if (equals <= 0) return arg;
      const key = arg.slice(0, equals).toLowerCase();
      const meant = keys.includes(key) ? undefined : nearest(key, keys);
      if (!meant) return arg;
      isFixed = true;
      return `${meant}${arg.slice(equals)}`;
    });
    const typed = [spec.command, spec.sub, ...fixed].filter(Boolean).join(' ');
    throw new CommandError(problems, [usageOf(spec)], isFixed ? typed : undefined);
  }
  return { kind: spec.kind, spec, options, flags, ...(argument === undefined ? {} : { argument }) };
}

/** Help generated from the grammar: usage and what each command does, costly ones marked. */
export function helpText(
  summaryOf: (spec: CommandSpec) => string = (spec) => spec.summary,
  allowedOnly = ' (allowed users only)',
): string[] {
  return GRAMMAR.map((spec) => `${usageOf(spec)} — ${summaryOf(spec)}${spec.isCostly ? allowedOnly : ''}`);
}
