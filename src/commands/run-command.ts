/**
 * Command → answer. Quick commands answer at once; costly ones are checked against the allowlist and
 * the caps, then become a Job (one of each kind at a time; a repeated request id starts nothing new)
 * and answer "started". The answer composes a Notice in the locale of whichever platform renders it
 * (DingTalk zh-CN, Slack English; the local console shows both from one run of the command).
 */
import type { Notice } from '../chat/notice.ts';
import type { Locale } from '../config.ts';
import type { JobKind, ReplyAddress, Job } from '../jobs/job.ts';
import { holdsSlot, isActive } from '../jobs/job.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { JobStore } from '../jobs/job-store.ts';
import { buildLoadTestConfig, describeLoadTest } from '../lab/loadtest/config.ts';
import { costAlertNotice } from '../monitor/cost-notice.ts';
import { checkCost, readStatus, type MonitorDeps } from '../monitor/monitor.ts';
import { statusNotice } from '../monitor/status-notice.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { CommandError, helpText, parseCommand, type Command } from './parse.ts';

export interface Caller {
  readonly platform: 'slack' | 'dingtalk' | 'console';
  readonly userId: string;
  readonly conversationId: string;
  /** Idempotency: Slack retries and SNS redeliveries carry the same id. */
  readonly requestId: string;
  readonly replyTo: ReplyAddress;
}

/** `platform:id` entries; `platform:*` allows everyone on that platform (the local console). */
export interface Permissions {
  readonly users: ReadonlySet<string>;
  readonly conversations: ReadonlySet<string>;
}

export interface CommandDeps {
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly monitor: MonitorDeps;
  readonly permissions: Permissions;
  readonly limits: { readonly maxWorkers: number; readonly maxDurationMs: number; readonly maxScale: number };
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId: () => string;
  readonly timeZone: string;
  /** Why a job could not report to this address (a host that is not Slack's or DingTalk's), if so. */
  readonly checkReplyAddress?: (address: ReplyAddress) => string | undefined;
}

const JOB_OF: Partial<Record<Command['kind'], JobKind>> = { setup: 'setup', 'datagen-start': 'datagen', 'loadtest-start': 'loadtest', 'optimize-report': 'optimize' };

/** A command's answer, composed in the locale the platform that shows it asks for. */
export type Answer = (locale: Locale) => Notice;

/** What the routes and the console call: a command's text and who sent it → its answer. */
export type CommandRunner = (text: string, caller: Caller) => Promise<Answer>;

/** An answer written in one language (most replies are English whatever the platform). */
function reply(title: string, lines: readonly string[], severity: Notice['severity'] = 'info'): Answer {
  const notice: Notice = { severity, state: undefined, summary: title, title, subject: undefined, facts: [], sections: lines.length ? [{ heading: '', lines }] : [], links: [], footer: undefined };
  return () => notice;
}

export function isAllowed(caller: Caller, permissions: Permissions): boolean {
  const { platform } = caller;
  return (
    permissions.users.has(`${platform}:*`) ||
    permissions.users.has(`${platform}:${caller.userId}`) ||
    permissions.conversations.has(`${platform}:${caller.conversationId}`)
  );
}

export async function runCommand(text: string, caller: Caller, deps: CommandDeps): Promise<Answer> {
  let command: Command;
  try {
    command = parseCommand(text);
  } catch (error) {
    if (error instanceof CommandError) return reply(`⚠️ ${error.message}`, ['Usage:', ...error.usage], 'warning');
    throw error;
  }
  if (command.spec.isCostly && !isAllowed(caller, deps.permissions)) {
    deps.logger.warn('command refused', { command: command.kind, platform: caller.platform, user: caller.userId, conversation: caller.conversationId });
    return reply(`⛔ ${command.spec.command} ${command.spec.sub ?? ''} is for allowed users only`.trim(), ['It runs queries or writes data that cost money. Ask an admin to add you (ALLOWED_USERS) or this conversation (ALLOWED_CONVERSATIONS).'], 'warning');
  }
  switch (command.kind) {
    case 'help':
      return reply('tcu-bot commands', helpText());
    case 'tcu-status': {
      const status = await readStatus(deps.monitor);
      return (locale) => statusNotice(status, locale, deps.timeZone);
    }
    case 'cost-check': {
      const verdict = await checkCost(deps.monitor);
      if (verdict.kind === 'no-data') return reply(`💰 No cost data for ${verdict.day} yet`, [verdict.reason === 'no-cost-lines' ? 'Cost Explorer usually lags 24–48 hours.' : 'Cost Explorer returned nothing for that day.']);
      return (locale) => costAlertNotice(verdict, deps.monitor.costPolicy, deps.monitor.costMetric, locale, deps.monitor.isLocalEstimate);
    }
    case 'datagen-status':
    case 'loadtest-status':
      return jobStatus(command.kind === 'datagen-status' ? 'datagen' : 'loadtest', deps);
    case 'loadtest-stop': {
      const job = await deps.store.latest('loadtest');
      if (!job || !isActive(job)) return reply('No load test is running', []);
      await deps.store.update(job.id, { isStopRequested: true }, deps.clock.now());
      return reply('⏹ Stopping the load test', ['It stops within a couple of seconds and still reports what it measured.']);
    }
    default:
      return startJob(command, caller, deps);
  }
}

async function jobStatus(kind: JobKind, deps: CommandDeps): Promise<Answer> {
  const job = await deps.store.latest(kind);
  if (!job) return reply(`No ${kind} job yet`, []);
  const silent = isActive(job) && !holdsSlot(job, deps.clock.now());
  return reply(`${kind}: ${job.status}${silent ? ' (no report for 20 minutes: its worker probably died)' : ''}`, [job.progress ?? job.result ?? '—', `started ${new Date(job.createdAtMs).toISOString()} by ${job.requester}`]);
}

async function startJob(command: Command, caller: Caller, deps: CommandDeps): Promise<Answer> {
  const kind = JOB_OF[command.kind]!;
  const addressProblem = deps.checkReplyAddress?.(caller.replyTo);
  if (addressProblem) return reply('⚠️ Cannot start: no way to report back', [addressProblem], 'warning');
  let description: string = command.spec.summary;
  if (kind === 'loadtest') {
    const built = buildLoadTestConfig(command.options, { maxWorkers: deps.limits.maxWorkers, maxDurationMs: deps.limits.maxDurationMs });
    if ('problems' in built) return reply('⚠️ Cannot start the load test', [...built.problems, `Usage: /loadtest start sql1=N sql2=N [duration=5m] [every=5m] [rate=Q] [schema=legacy|optimized]`], 'warning');
    description = describeLoadTest(built.config);
  }
  if (kind === 'datagen' && command.options.scale !== undefined) {
    const scale = Number(command.options.scale);
    if (!(scale > 0) || scale > deps.limits.maxScale) return reply('⚠️ Cannot start the data generation', [`scale must be above 0 and at most ${deps.limits.maxScale}`], 'warning');
  }
  const now = deps.clock.now();
  const job: Job = {
    id: deps.newId(),
    kind,
    requester: `${caller.platform}:${caller.userId}`,
    replyTo: caller.replyTo,
    options: command.options,
    flags: [...command.flags],
    status: 'queued',
    progress: undefined,
    result: undefined,
    isStopRequested: false,
    createdAtMs: now,
    updatedAtMs: now,
  };
  // Figures taken while the tables are still being written would measure (and compare) partial data;
  // the store refuses atomically, so a generation started a moment earlier still counts.
  const blockedBy = kind === 'loadtest' || kind === 'optimize' ? (['datagen'] as const) : [];
  const outcome = await deps.store.start(job, `${caller.platform}:${caller.requestId}`, { blockedBy });
  if (!outcome.started && outcome.reason === 'duplicate-request') return reply(`${kind} already started for this request`, [`job ${outcome.job.id}: ${outcome.job.status}`]);
  if (!outcome.started && outcome.reason === 'blocked') {
    return reply('⏳ Data generation is still running', [`Wait for its report (/datagen status: ${outcome.job.progress ?? outcome.job.status}); measuring now would use partly written tables.`], 'warning');
  }
  if (!outcome.started) return reply(`⏳ A ${kind} job is already running`, [outcome.job.progress ?? `started ${new Date(outcome.job.createdAtMs).toISOString()} by ${outcome.job.requester}`], 'warning');
  const lines = [`Progress and the report will follow here (job ${job.id}).`];
  if (outcome.abandoned) lines.push(`The previous ${kind} job (${outcome.abandoned.id}) had not reported since ${new Date(outcome.abandoned.updatedAtMs).toISOString()}: marked failed.`);
  await deps.queue.enqueue(job);
  return reply(`▶️ Started: ${description}`, lines);
}
