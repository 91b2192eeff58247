/**
 * Structured JSON logs, one object per line. Deliberately tiny: the bot needs levels, bound fields and
 * redaction, not transports. Every string passes `redactSecrets`, so a webhook URL or token that slips
 * into an error message is masked before it is written.
 */
import { redactSecrets } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(options: {
  level: LogLevel;
  service?: string;
  write?: (line: string) => void;
  bound?: Record<string, unknown>;
}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const bound = { service: options.service ?? 'tcu-bot', ...options.bound };
  const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < RANK[options.level]) return;
    const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...bound, ...fields }, errorReplacer);
    write(redactSecrets(line));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger({ ...options, write, bound: { ...bound, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(value.cause ? { cause: value.cause } : {}) };
  }
  return value;
}
