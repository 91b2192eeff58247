/**
 * The one grammar of chat commands, shared by Slack slash commands, DingTalk @-messages and the local
 * console. Each entry says how it is written, what it does, whether it costs money (then only allowed
 * users may run it), and which `key=value` options and bare flags it takes. Help text and every
 * "did you mean" reply are generated from this table.
 */
export interface CommandSpec {
  /** `/loadtest` */
  readonly command: string;
  /** `start`, or undefined for a command without a sub-command. */
  readonly sub: string | undefined;
  readonly kind: CommandKind;
  readonly summary: string;
  /** Runs queries or writes data (TCU, storage, requests): only configured users may. */
  readonly isCostly: boolean;
  readonly options: readonly OptionSpec[];
  readonly flags: readonly string[];
  /** What the bare command means (`/tcu` alone is `/tcu status`). */
  readonly isDefault?: boolean;
  /** One optional plain value (`/cost check 2026-12-03`). */
  readonly argument?: ArgumentSpec;
  /** The rest of the message, verbatim and required (`/advise SELECT …`): no options follow it. */
  readonly text?: { readonly value: string; readonly summary: string };
}

export interface ArgumentSpec {
  /** How usage shows it: `YYYY-MM-DD`. */
  readonly value: string;
  readonly pattern: RegExp;
  readonly summary: string;
}

export interface OptionSpec {
  readonly key: string;
  readonly value: string;
  readonly isRequired?: boolean;
  readonly summary: string;
}

export type CommandKind =
  | 'tcu-status'
  | 'help'
  | 'setup'
  | 'datagen-start'
  | 'datagen-status'
  | 'datagen-stop'
  | 'loadtest-start'
  | 'loadtest-status'
  | 'loadtest-stop'
  | 'optimize-report'
  | 'cost-check'
  | 'advise'
  | 'alarms'
  | 'mute'
  | 'unmute';

export const GRAMMAR: readonly CommandSpec[] = [
  {
    command: '/tcu',
    sub: 'status',
    kind: 'tcu-status',
    summary: 'QueryTCU now and over 15 min / 1 h / 24 h, MaxQueryTCU, and the daily Timestream cost',
    isCostly: false,
    options: [],
    flags: [],
    isDefault: true,
  },
  { command: '/tcu', sub: 'help', kind: 'help', summary: 'this list', isCostly: false, options: [], flags: [] },
  {
    command: '/setup',
    sub: undefined,
    kind: 'setup',
    summary: 'create the lab database and tables (safe to rerun)',
    isCostly: true,
    options: [],
    flags: [],
  },
  {
    command: '/datagen',
    sub: 'start',
    kind: 'datagen-start',
    summary: 'write the case-study data (10 devices × scale, 52 metrics, 12 h)',
    isCostly: true,
    options: [{ key: 'scale', value: 'N', summary: 'multiplies the 10 devices (default 1)' }],
    flags: ['resume'],
  },
  {
    command: '/datagen',
    sub: 'status',
    kind: 'datagen-status',
    summary: 'progress of the data generation',
    isCostly: false,
    options: [],
    flags: [],
  },
  {
    command: '/datagen',
    sub: 'stop',
    kind: 'datagen-stop',
    summary: 'stop the data generation; `/datagen start resume` later writes only the rest',
    isCostly: true,
    options: [],
    flags: [],
  },
  {
    command: '/loadtest',
    sub: 'start',
    kind: 'loadtest-start',
    summary: 'run SQL1 and SQL2 under load and report latency, throttles and QueryTCU',
    isCostly: true,
    options: [
      { key: 'sql1', value: 'N', summary: 'workers running SQL1 back to back' },
      { key: 'sql2', value: 'N', summary: 'workers running SQL2 back to back' },
      { key: 'duration', value: '5m', summary: 'how long (default 5m)' },
      { key: 'every', value: '5m', summary: 'each worker starts at most this often' },
      { key: 'rate', value: 'Q', summary: 'open model: Q arrivals a second per query' },
      { key: 'schema', value: 'legacy|optimized', summary: 'which tables and SQL (default legacy)' },
      {
        key: 'workload',
        value: 'name',
        summary: 'a workload file’s stages instead: fleet, plant-sensors, case-study, or one under the S3 prefix',
      },
    ],
    flags: [],
  },
  {
    command: '/loadtest',
    sub: 'status',
    kind: 'loadtest-status',
    summary: 'figures of the running load test',
    isCostly: false,
    options: [],
    flags: [],
  },
  {
    command: '/loadtest',
    sub: 'stop',
    kind: 'loadtest-stop',
    summary: 'stop the load test; it still reports what it measured',
    isCostly: true,
    options: [],
    flags: [],
  },
  {
    command: '/optimize',
    sub: 'report',
    kind: 'optimize-report',
    summary:
      'before/after: the same workload on the legacy and the optimized schema, in QueryTCU, TCU-hours and dollars',
    isCostly: true,
    options: [
      { key: 'rate', value: 'Q', summary: 'arrivals a second per query (default 5, at most 50)' },
      { key: 'duration', value: '30s', summary: 'how long each side runs (10s–4m, default 30s)' },
      { key: 'maxquerytcu', value: 'M', summary: 'MaxQueryTCU during the report (emulator only; multiple of 4)' },
    ],
    flags: [],
  },
  {
    command: '/cost',
    sub: 'check',
    kind: 'cost-check',
    summary: 'the daily cost rule for yesterday (UTC), or the given day, against the day before',
    isCostly: false,
    options: [],
    flags: [],
    argument: {
      value: 'YYYY-MM-DD',
      pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
      summary: 'the day to check (UTC)',
    },
  },
  {
    command: '/alarms',
    sub: undefined,
    kind: 'alarms',
    summary: 'the alarms now in ALARM, worst first, each with its graph or console link',
    isCostly: false,
    options: [],
    flags: [],
  },
  {
    command: '/mute',
    sub: undefined,
    kind: 'mute',
    summary: 'mute an alarm for a while (at most 24h): its messages still post, but page no one',
    isCostly: true,
    options: [],
    flags: [],
    text: { value: '<alarm> <1h>', summary: 'the alarm’s name, then how long' },
  },
  {
    command: '/unmute',
    sub: undefined,
    kind: 'unmute',
    summary: 'end a mute: the alarm’s messages page the on-call people again',
    isCostly: true,
    options: [],
    flags: [],
    text: { value: '<alarm>', summary: 'the alarm’s name' },
  },
  {
    command: '/advise',
    sub: undefined,
    kind: 'advise',
    summary: 'what in a query costs TCU, where, and how to write it instead (the query is not run)',
    isCostly: false,
    options: [],
    flags: [],
    text: { value: '<sql>', summary: 'the query, as your dashboard sends it' },
  },
];

/** `/loadtest start sql1=N sql2=N [duration=5m] …` */
export function usageOf(spec: CommandSpec): string {
  const options = spec.options.map((option) =>
    option.isRequired ? `${option.key}=${option.value}` : `[${option.key}=${option.value}]`,
  );
  const flags = spec.flags.map((flag) => `[${flag}]`);
  const argument = spec.argument ? [`[${spec.argument.value}]`] : [];
  const text = spec.text ? [spec.text.value] : [];
  return [spec.command, spec.sub, ...argument, ...text, ...options, ...flags].filter(Boolean).join(' ');
}
