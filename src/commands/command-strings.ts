/**
 * zh-CN and en wording of the answers to chat commands (DingTalk shows zh-CN, Slack English).
 * Command names, options and job ids stay as typed: they are what the user types back.
 */
import type { Locale } from '../shared/locale.ts';
import type { JobKind, JobStatus } from '../jobs/job.ts';
import { GRAMMAR, type CommandKind } from './grammar.ts';
import { describeProblem, type CommandProblem } from './parse.ts';

const zhCN = {
  problem: (problem: CommandProblem): string => {
    switch (problem.kind) {
      case 'empty':
        return '命令为空';
      case 'unknown-command':
        return `未知命令 ${problem.word}`;
      case 'unknown-sub-command':
        return `${problem.command} 没有子命令 ${problem.sub}`;
      case 'needs-sub-command':
        return `${problem.command} 需要子命令`;
      case 'unknown-option':
        return `未知选项 ${problem.key}`;
      case 'option-without-value':
        return `${problem.key}= 需要一个值`;
      case 'option-twice':
        return `${problem.key} 重复给出`;
      case 'option-required':
        return `必须给出 ${problem.key}=`;
      case 'text-required':
        return `需要给出 ${problem.value}`;
      case 'unexpected':
        return `无法识别 ${problem.word}`;
    }
  },
  listSeparator: '；',
  usage: '用法：',
  helpTitle: 'tcu-bot 命令',
  allowedOnly: '（仅限授权用户）',
  summary: {
    'tcu-status': '当前及 15 分钟 / 1 小时 / 24 小时的 QueryTCU、MaxQueryTCU，以及 Timestream 每日成本',
    help: '本列表',
    setup: '创建实验数据库和表（可重复执行）',
    'datagen-start': '写入案例数据（10 台设备 × scale，52 个指标，12 小时）',
    'datagen-status': '数据生成的进度',
    'loadtest-start': '在负载下运行 SQL1 和 SQL2，报告延迟、限流与 QueryTCU',
    'loadtest-status': '正在进行的压测的数据',
    'loadtest-stop': '停止压测；仍会报告已测得的结果',
    'datagen-stop': '停止数据生成；之后 `/datagen start resume` 只写剩余部分',
    'optimize-report': '优化前后对比：同一负载分别跑旧表结构和优化后的，以 QueryTCU、TCU 小时和美元计',
    'cost-check': '按每日成本规则比较昨天（UTC）与前一天',
    advise: '查询中哪些写法消耗 TCU、在哪里、怎样改写（不会运行该查询）',
    alarms: '当前处于 ALARM 状态的告警，最严重的在前，附指标图或控制台链接',
    mute: '静音一个告警一段时间（最长 24 小时）：消息照常发送，但不 @ 任何人',
    unmute: '取消静音：该告警的消息重新 @ 值班人员',
  } satisfies Record<CommandKind, string>,
  refused: (command: string) => `⛔ ${command} 仅限授权用户`,
  refusedWhy:
    '它会运行查询、写入数据（产生费用）或改变告警通知谁。请管理员把你（ALLOWED_USERS）或本会话（ALLOWED_CONVERSATIONS）加入授权名单。',
  commandFailed: (command: string) => `⚠️ ${command} 未能完成`,
  commandFailedWhy: (reason: string) => `原因：${reason}。命令未执行或未完成，可稍后重试。`,
  notAQuery: '🔍 这不是 Timestream 能执行的查询',
  noCostData: (day: string) => `💰 ${day} 暂无成本数据`,
  costLag: 'Cost Explorer 通常延迟 24–48 小时。',
  costDayMissing: 'Cost Explorer 未返回该日的数据。',
  localNoUsage: (day: string) =>
    `本地模拟器在 ${day} 没有用量（本地没有账单延迟）。\`tcu-bot lab story\`（或控制台的 “Replay the case study” 按钮）会重放三天的用量；也可用 \`/cost check YYYY-MM-DD\` 查看其他日期。`,
  nothingToStop: { loadtest: '没有正在进行的压测', datagen: '没有正在进行的数据生成' },
  stopping: { loadtest: '⏹ 正在停止压测', datagen: '⏹ 正在停止数据生成' },
  stoppingWhy: {
    loadtest: '几秒内停止，并仍会报告已测得的结果。',
    datagen: '写完当前批次后停止，并报告已写入的部分；之后 `/datagen start resume` 只写剩余部分。',
  },
  job: { setup: '实验环境初始化', datagen: '数据生成', loadtest: '压测', optimize: '优化对比' } satisfies Record<
    JobKind,
    string
  >,
  status: {
    queued: '排队中',
    running: '运行中',
    succeeded: '已完成',
    failed: '失败',
    stopped: '已停止',
  } satisfies Record<JobStatus, string>,
  noJobYet: (job: string) => `尚无${job}任务`,
  jobStatus: (job: string, status: string, silent: boolean) =>
    `${job}：${status}${silent ? '（20 分钟没有报告：执行进程可能已退出）' : ''}`,
  startedBy: (at: string, by: string) => `${at} 由 ${by} 发起`,
  finishedAt: (at: string) => `${at} 结束`,
  noReplyAddress: '⚠️ 无法开始：没有可回复的地址',
  cannotStart: {
    setup: '⚠️ 无法开始实验环境初始化',
    datagen: '⚠️ 无法开始数据生成',
    loadtest: '⚠️ 无法开始压测',
    optimize: '⚠️ 无法开始优化对比',
  } satisfies Record<JobKind, string>,
  duplicate: (job: string) => `本请求已启动过${job}`,
  datagenRunning: '⏳ 数据生成仍在进行',
  datagenRunningWhy: (progress: string) =>
    `请等待它的报告（/datagen status：${progress}）；现在测量会用到尚未写完的表。`,
  busy: (job: string) => `⏳ 已有${job}任务在运行`,
  started: (description: string) => `▶️ 已开始：${description}`,
  didYouMean: (command: string) => `你是想输入 \`${command}\` 吗？`,
  optimizeWith: (rate: number, seconds: number) =>
    `优化前后对比：每条查询每秒 ${rate} 次，每侧 ${seconds} 秒，先旧表结构后优化后`,
  datagenWith: (scale: number, devices: number, metrics: number) =>
    `写入案例数据：scale ${scale} = ${devices} 台设备 × ${metrics} 个指标，12 小时`,
  followsHere: (id: string) => `进度和报告将发到这里（任务 ${id}）。`,
  abandoned: (job: string, id: string, since: string) =>
    `上一个${job}任务（${id}）自 ${since} 起没有报告：已标记为失败。`,
};

export type CommandStrings = typeof zhCN;

const en: CommandStrings = {
  problem: describeProblem,
  listSeparator: '; ',
  usage: 'Usage:',
  helpTitle: 'tcu-bot commands',
  allowedOnly: ' (allowed users only)',
  // The grammar's own summaries are the English ones.
  summary: Object.fromEntries(GRAMMAR.map((spec) => [spec.kind, spec.summary])) as Record<CommandKind, string>,
  refused: (command) => `⛔ ${command} is for allowed users only`,
  refusedWhy:
    'It runs queries or writes data that cost money, or changes who alarms page. Ask an admin to add you (ALLOWED_USERS) or this conversation (ALLOWED_CONVERSATIONS).',
  commandFailed: (command) => `⚠️ ${command} could not finish`,
  commandFailedWhy: (reason) => `Reason: ${reason}. The command did not run or did not finish; try again later.`,
  notAQuery: '🔍 Not a query Timestream can run',
  noCostData: (day) => `💰 No cost data for ${day} yet`,
  costLag: 'Cost Explorer usually lags 24–48 hours.',
  costDayMissing: 'Cost Explorer returned nothing for that day.',
  localNoUsage: (day) =>
    `The local emulator has no usage on ${day} (locally there is no billing lag). \`tcu-bot lab story\` (or the console’s “Replay the case study” button) replays three days; \`/cost check YYYY-MM-DD\` checks another day.`,
  nothingToStop: { loadtest: 'No load test is running', datagen: 'No data generation is running' },
  stopping: { loadtest: '⏹ Stopping the load test', datagen: '⏹ Stopping the data generation' },
  stoppingWhy: {
    loadtest: 'It stops within a couple of seconds and still reports what it measured.',
    datagen:
      'It stops after the batches in flight and reports what it wrote; `/datagen start resume` later writes only the rest.',
  },
  job: { setup: 'lab setup', datagen: 'data generation', loadtest: 'load test', optimize: 'before/after report' },
  status: { queued: 'queued', running: 'running', succeeded: 'done', failed: 'failed', stopped: 'stopped' },
  noJobYet: (job) => `No ${job} job yet`,
  jobStatus: (job, status, silent) =>
    `${job.charAt(0).toUpperCase()}${job.slice(1)}: ${status}${silent ? ' (no report for 20 minutes: its worker probably died)' : ''}`,
  startedBy: (at, by) => `started ${at} by ${by}`,
  finishedAt: (at) => `finished ${at}`,
  noReplyAddress: '⚠️ Cannot start: no way to report back',
  cannotStart: {
    setup: '⚠️ Cannot start the setup',
    datagen: '⚠️ Cannot start the data generation',
    loadtest: '⚠️ Cannot start the load test',
    optimize: '⚠️ Cannot start the before/after report',
  },
  duplicate: (job) => `${job} already started for this request`,
  datagenRunning: '⏳ Data generation is still running',
  datagenRunningWhy: (progress) =>
    `Wait for its report (/datagen status: ${progress}); measuring now would use partly written tables.`,
  busy: (job) => `⏳ A ${job} job is already running`,
  started: (description) => `▶️ Started: ${description}`,
  didYouMean: (command) => `Did you mean \`${command}\`?`,
  optimizeWith: (rate, seconds) =>
    `before/after report: ${rate} arrivals a second per query, ${seconds} s a side, legacy then optimized`,
  datagenWith: (scale, devices, metrics) =>
    `writing the case-study data: scale ${scale} = ${devices} device${devices === 1 ? '' : 's'} × ${metrics} metrics, 12 h`,
  followsHere: (id) => `Progress and the report will follow here (job ${id}).`,
  abandoned: (job, id, since) => `The previous ${job} job (${id}) had not reported since ${since}: marked failed.`,
};

const STRINGS: Record<Locale, CommandStrings> = { 'zh-CN': zhCN, en };

export function commandStrings(locale: Locale): CommandStrings {
  return STRINGS[locale];
}

/** Whether an answer says a job started, in either language (`tcu-bot chat --wait` then waits for its report). */
export function isJobStartedAnswer(answer: string): boolean {
  return Object.values(STRINGS).some((text) => answer.includes(text.started('')));
}
