/**
 * Command → answer. Quick commands answer at once; costly ones are checked against the allowlist and
 * the caps, then become a Job (one of each kind at a time; a repeated request id starts nothing new)
 * and answer "started". The answer composes a Notice in the locale of whichever platform renders it
 * (DingTalk zh-CN, Slack English; the local console shows both from one run of the command).
 */
import type { Notice } from '../chat/notice.ts';
import type { Locale } from '../shared/locale.ts';
import type { JobKind, ReplyAddress, Job } from '../jobs/job.ts';
import { holdsSlot, isActive, statusLine } from '../jobs/job.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { JobStore } from '../jobs/job-store.ts';
import { describeLoadTest } from '../lab/loadtest/config.ts';
import type { WorkloadCatalog } from '../lab/workload/workload-catalog.ts';
import { describeWorkload } from '../lab/workload/workload-notice.ts';
import { checkWorkload } from './workload-check.ts';
import { alarmsAnswer, type AlarmsAnswerDeps } from './alarms-answer.ts';
import type { AlarmMutes } from '../alarms/alarm-mutes.ts';
import { muteAnswer, unmuteAnswer } from './mute-commands.ts';
import { isAllowed, type Permissions } from './permissions.ts';
import { deviceCount, METRICS } from '../lab/scenario.ts';
import { parseJobOptions, type JobLimits } from '../jobs/job-options.ts';
import { costAlertNotice } from '../monitor/cost-notice.ts';
import { addDays } from '../monitor/cost-source.ts';
import { checkCost, readStatus, type MonitorDeps } from '../monitor/monitor.ts';
import { statusNotice } from '../monitor/status-notice.ts';
import type { Clock } from '../shared/clock.ts';
import { formatInZone } from '../shared/time-format.ts';
import type { Logger } from '../shared/logger.ts';
import { advise } from '../advisor/advise.ts';
import { adviceNotice } from '../advisor/advice-notice.ts';
import { SqlSyntaxError } from '../timestream/sql/parse.ts';
import { commandStrings, type CommandStrings } from './command-strings.ts';
import { usageOf } from './grammar.ts';
import { CommandError, helpText, parseCommand, type Command } from './parse.ts';

export interface Caller {
  readonly platform: 'slack' | 'dingtalk' | 'console';
  readonly userId: string;
  readonly conversationId: string;
  /** Idempotency: Slack retries and SNS redeliveries carry the same id. */
  readonly requestId: string;
  readonly replyTo: ReplyAddress;
}

export interface CommandDeps {
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly monitor: MonitorDeps;
  readonly permissions: Permissions;
  readonly limits: JobLimits;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId: () => string;
  readonly timeZone: string;
  /** Why a job could not report to this address (a host that is not Slack's or DingTalk's), if so. */
  readonly checkReplyAddress?: (address: ReplyAddress) => string | undefined;
  /** The workloads `/loadtest start workload=<name>` may name (bundled, and an S3 prefix on AWS). */
  readonly workloads?: WorkloadCatalog | undefined;
  /** Where `/alarms` draws its graphs (as alarm messages do); links only without it. */
  readonly graphs?: AlarmsAnswerDeps['graphs'];
  /** Muted alarms (`/mute`, `/unmute`). */
  readonly mutes?: AlarmMutes | undefined;
}

const JOB_OF: Partial<Record<Command['kind'], JobKind>> = {
  setup: 'setup',
  'datagen-start': 'datagen',
  'loadtest-start': 'loadtest',
  'optimize-report': 'optimize',
};

/** A command's answer, composed in the locale the platform that shows it asks for. */
export type Answer = (locale: Locale) => Notice;

/** What the routes and the console call: a command's text and who sent it → its answer. */
export type CommandRunner = (text: string, caller: Caller) => Promise<Answer>;

/** An answer worded per locale from the command strings. */
function reply(
  words: (text: CommandStrings, locale: Locale) => { title: string; lines?: readonly string[] },
  severity: Notice['severity'] = 'info',
): Answer {
  return (locale) => {
    const { title, lines = [] } = words(commandStrings(locale), locale);
    return {
      severity,
      state: undefined,
      summary: title,
      title,
      subject: undefined,
      facts: [],
      sections: lines.length ? [{ heading: '', lines }] : [],
      links: [],
      footer: undefined,
    };
  };
}

export async function runCommand(text: string, caller: Caller, deps: CommandDeps): Promise<Answer> {
  let command: Command;
  try {
    command = parseCommand(text);
  } catch (error) {
    if (error instanceof CommandError) {
      const { problems, usage, suggestion } = error;
      return reply(
        (text) => ({
          title: `⚠️ ${problems.map(text.problem).join(text.listSeparator)}`,
          lines: [...(suggestion ? [text.didYouMean(suggestion)] : []), text.usage, ...usage],
        }),
        'warning',
      );
    }
    throw error;
  }
  if (command.spec.isCostly && !isAllowed(caller, deps.permissions)) {
    deps.logger.warn('command refused', {
      command: command.kind,
      platform: caller.platform,
      user: caller.userId,
      conversation: caller.conversationId,
    });
    const typed = `${command.spec.command} ${command.spec.sub ?? ''}`.trim();
    return reply((text) => ({ title: text.refused(typed), lines: [text.refusedWhy] }), 'warning');
  }
  try {
    return await execute(command, caller, deps);
  } catch (error) {
    // A service the command needs failed (Timestream, CloudWatch, Cost Explorer, the job store): the
    // caller gets the reason as an answer; the chat platform never sees a 5xx.
    deps.logger.error('command failed', { command: command.kind, error: error as Error });
    const typed = `${command.spec.command} ${command.spec.sub ?? ''}`.trim();
    const reason = oneLine((error as Error)?.message ?? String(error));
    return reply((text) => ({ title: text.commandFailed(typed), lines: [text.commandFailedWhy(reason)] }), 'warning');
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}

async function execute(command: Command, caller: Caller, deps: CommandDeps): Promise<Answer> {
  switch (command.kind) {
    case 'help':
      return reply((text) => ({
        title: text.helpTitle,
        lines: helpText((spec) => text.summary[spec.kind], text.allowedOnly),
      }));
    case 'tcu-status': {
      const status = await readStatus(deps.monitor);
      return (locale) => statusNotice(status, locale, deps.timeZone);
    }
    case 'cost-check': {
      // A given day is the day checked (D-1), as `tcu-bot cost check --date`.
      const verdict = await checkCost(deps.monitor, command.argument ? addDays(command.argument, 1) : undefined);
      if (verdict.kind === 'no-data')
        return reply((text) => ({
          title: text.noCostData(verdict.day),
          // Locally there is no billing lag: the emulator's meter simply has no usage that day.
          lines: [
            deps.monitor.isLocalEstimate
              ? text.localNoUsage(verdict.day)
              : verdict.reason === 'no-cost-lines'
                ? text.costLag
                : text.costDayMissing,
          ],
        }));
      return (locale) =>
        costAlertNotice(
          verdict,
          deps.monitor.costPolicy,
          deps.monitor.costMetric,
          locale,
          deps.monitor.isLocalEstimate,
        );
    }
    case 'advise':
      return adviseAnswer(command.argument ?? '');
    case 'mute':
      return muteAnswer(command.argument ?? '', `${caller.platform}:${caller.userId}`, deps);
    case 'unmute':
      return unmuteAnswer(command.argument ?? '', deps);
    case 'alarms': {
      if (!deps.monitor.alarms) throw new Error('this deployment cannot read CloudWatch alarms');
      return alarmsAnswer({
        alarms: deps.monitor.alarms,
        graphs: deps.graphs,
        clock: deps.clock,
        timeZone: deps.timeZone,
      });
    }
    case 'datagen-status':
    case 'loadtest-status':
      return jobStatus(command.kind === 'datagen-status' ? 'datagen' : 'loadtest', deps);
    case 'loadtest-stop':
    case 'datagen-stop': {
      const kind = command.kind === 'loadtest-stop' ? 'loadtest' : 'datagen';
      const job = await deps.store.latest(kind);
      if (!job || !isActive(job)) return reply((text) => ({ title: text.nothingToStop[kind] }));
      await deps.store.update(job.id, { isStopRequested: true }, deps.clock.now());
      return reply((text) => ({ title: text.stopping[kind], lines: [text.stoppingWhy[kind]] }));
    }
    default:
      return startJob(command, caller, deps);
  }
}

/** The advisor's findings; a text that is no Timestream query says where it stops being one. */
function adviseAnswer(sql: string): Answer {
  try {
    const advice = advise(sql);
    return (locale) => adviceNotice(advice, locale);
  } catch (error) {
    if (!(error instanceof SqlSyntaxError)) throw error;
    return reply((text) => ({ title: text.notAQuery, lines: [error.message] }), 'warning');
  }
}

async function jobStatus(kind: JobKind, deps: CommandDeps): Promise<Answer> {
  const job = await deps.store.latest(kind);
  if (!job) return reply((text) => ({ title: text.noJobYet(text.job[kind]) }));
  const silent = isActive(job) && !holdsSlot(job, deps.clock.now());
  const isFinished = !isActive(job);
  return reply((text, locale) => ({
    title: text.jobStatus(text.job[kind], text.status[job.status], silent),
    lines: [
      statusLine(job, locale) ?? '—',
      ...(isFinished ? [text.finishedAt(formatInZone(job.updatedAtMs, deps.timeZone))] : []),
      text.startedBy(formatInZone(job.createdAtMs, deps.timeZone), job.requester),
    ],
  }));
}

async function startJob(command: Command, caller: Caller, deps: CommandDeps): Promise<Answer> {
  const kind = JOB_OF[command.kind]!;
  const addressProblem = deps.checkReplyAddress?.(caller.replyTo);
  if (addressProblem) return reply((text) => ({ title: text.noReplyAddress, lines: [addressProblem] }), 'warning');
  // The options become the job's typed settings here, once: a refusal names the range before anything starts.
  const parsed = parseJobOptions(kind, command.options, deps.limits);
  if (!parsed.ok) {
    const { problems } = parsed;
    return reply(
      (text, locale) => ({
        title: text.cannotStart[kind],
        lines: [...problems(locale), `${text.usage} ${usageOf(command.spec)}`],
      }),
      'warning',
    );
  }
  const { request } = parsed;
  const named = request.kind === 'loadtest' && 'workload' in request.options ? request.options.workload : undefined;
  const checked = named === undefined ? undefined : await checkWorkload(named, deps.workloads, deps.limits);
  if (checked && 'problems' in checked)
    return reply(
      (text, locale) => ({
        title: text.cannotStart[kind],
        lines: [...checked.problems(locale), `${text.usage} ${usageOf(command.spec)}`],
      }),
      'warning',
    );
  const workload = checked && 'workload' in checked ? checked.workload : undefined;
  // The effective sizes, as the job will run them: never the option's name alone.
  const describe = (locale: Locale) => {
    const text = commandStrings(locale);
    switch (request.kind) {
      case 'loadtest':
        if ('workload' in request.options)
          return workload ? describeWorkload(workload, locale) : request.options.workload;
        return describeLoadTest(request.options, locale);
      case 'datagen':
        return text.datagenWith(request.options.scale, deviceCount(request.options.scale), METRICS.length);
      case 'optimize':
        return text.optimizeWith(request.options.rate, Math.round(request.options.duration / 1000));
      default:
        return text.summary[command.kind];
    }
  };
  const now = deps.clock.now();
  const job: Job = {
    ...request,
    id: deps.newId(),
    requester: `${caller.platform}:${caller.userId}`,
    replyTo: caller.replyTo,
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
  if (!outcome.started) {
    const other = outcome.job;
    switch (outcome.reason) {
      case 'duplicate-request':
        return reply((text) => ({
          title: text.duplicate(text.job[kind]),
          lines: [`job ${other.id}: ${text.status[other.status]}`],
        }));
      case 'blocked':
        return reply(
          (text, locale) => ({
            title: text.datagenRunning,
            lines: [text.datagenRunningWhy(statusLine(other, locale) ?? text.status[other.status])],
          }),
          'warning',
        );
      default:
        return reply(
          (text, locale) => ({
            title: text.busy(text.job[kind]),
            lines: [
              statusLine(other, locale) ??
                text.startedBy(formatInZone(other.createdAtMs, deps.timeZone), other.requester),
            ],
          }),
          'warning',
        );
    }
  }
  const { abandoned } = outcome;
  await deps.queue.enqueue(job);
  return reply((text, locale) => ({
    title: text.started(describe(locale)),
    lines: [
      text.followsHere(job.id),
      ...(abandoned
        ? [text.abandoned(text.job[kind], abandoned.id, formatInZone(abandoned.updatedAtMs, deps.timeZone))]
        : []),
    ],
  }));
}
