/** Commands end to end in-process: parse, allow, start jobs, run them on the emulator, post progress and reports. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type Caller, type CommandDeps } from '../../src/commands/run-command.ts';
import type { Notice } from '../../src/chat/notice.ts';
import { loadConfig } from '../../src/config.ts';
import { labTarget, monitorDeps } from '../../src/deps.ts';
import { InProcessJobQueue } from '../../src/jobs/job-queue.ts';
import { MemoryJobStore } from '../../src/jobs/job-store.ts';
import { runJob, type ComposeNotice } from '../../src/jobs/run-job.ts';
import type { LabTarget } from '../../src/lab/lab-target.ts';
import { generateLab } from '../../src/lab/generate.ts';
import { setupLab } from '../../src/lab/setup.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { useEmulator } from '../support/emulator.ts';

const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-commands-'));
const posts: { jobId: string; key: string; notice: Notice; compose: ComposeNotice }[] = [];
let target: LabTarget;
let deps: CommandDeps;
let queue: InProcessJobQueue;
let requests = 0;
/** What escaped the job runner: nothing may. */
const escaped: { jobId: string; error: unknown }[] = [];

const caller = (userId: string): Caller => ({
  platform: 'console',
  userId,
  conversationId: 'console',
  requestId: `r${++requests}`,
  replyTo: { kind: 'console', conversationId: 'console' },
});
const say = async (text: string, who = 'alice', request?: Caller) =>
  (await runCommand(text, request ?? caller(who), deps))('en');
const text = (notice: Notice) =>
  [
    notice.title,
    ...notice.facts.map((fact) => `${fact.label}: ${fact.value}`),
    ...notice.sections.flatMap((section) => section.lines),
  ].join('\n');

beforeAll(async () => {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  target = await labTarget(config, { endpoint: fixture.emulator.endpoint, database: 'commands' });
  await setupLab(target);
  await generateLab(target, { scale: 0.3, spanMinutes: 90, checkpointPath: join(folder, 'checkpoint.json') });
  const store = new MemoryJobStore();
  const monitor = await monitorDeps(config, { endpoint: fixture.emulator.endpoint });
  queue = new InProcessJobQueue(
    (job) =>
      runJob(job, {
        store,
        lab: target,
        tcu: monitor.tcu,
        checkpointPath: join(folder, 'checkpoint.json'),
        post: (posted, compose, key) => {
          posts.push({ jobId: posted.id, key, notice: compose('en'), compose });
          return Promise.resolve();
        },
        clock: systemClock,
        logger: silentLogger,
        progressEveryMs: 1000,
        // The sides' separation in time is tested in lab/workload-compare.test.ts; here, the job.
        compareSettle: () => Promise.resolve(),
      }),
    (job, error) => escaped.push({ jobId: job.id, error }),
  );
  deps = {
    store,
    queue,
    monitor,
    permissions: { users: new Set(['console:alice']), conversations: new Set() },
    limits: { maxWorkers: 20, maxTotalWorkers: 40, maxRatePerSecond: 200, maxDurationMs: 60_000, maxScale: 1 },
    clock: systemClock,
    logger: silentLogger,
    newId: () => `job-${++requests}`,
    timeZone: 'UTC',
  };
});
afterAll(() => {
  expect(escaped).toEqual([]);
  rmSync(folder, { recursive: true, force: true });
  target.clients.write.destroy();
  target.clients.query.destroy();
});

describe('quick commands', () => {
  it('answers /tcu status and help for anyone', async () => {
    expect(text(await say('/tcu status', 'bob'))).toContain('MaxQueryTCU');
    expect(text(await say('/tcu help', 'bob'))).toContain('/loadtest start [sql1=N]');
  });

  it('composes one run of /tcu status in whichever language the platform shows', async () => {
    const answer = await runCommand('/tcu status', caller('bob'), deps);
    const english = answer('en');
    const chinese = answer('zh-CN');
    expect(english.title).not.toBe(chinese.title);
    expect(chinese.title).toMatch(/[\u4e00-\u9fff]/);
    // The same reading behind both: the same facts, each with the same leading figure.
    const figure = (value: string) => /^[\d.]+/.exec(value)?.[0];
    expect(chinese.facts.map((fact) => figure(fact.value))).toEqual(english.facts.map((fact) => figure(fact.value)));
  });

  it('says what was wrong with a malformed command and shows its usage', async () => {
    const answer = await say('/loadtest start turbo=1');
    expect(answer.title).toBe('⚠️ unknown option turbo');
    expect(text(answer)).toContain('/loadtest start [sql1=N] [sql2=N]');
  });

  it('answers DingTalk (zh-CN) in Chinese: help, a malformed command, a refusal', async () => {
    const inChinese = async (command: string, who = 'alice') => (await runCommand(command, caller(who), deps))('zh-CN');
    const help = text(await inChinese('/tcu help', 'bob'));
    expect(help).toContain('/loadtest start [sql1=N]');
    expect(help).toContain('在负载下运行 SQL1 和 SQL2');
    expect(help).toContain('（仅限授权用户）');
    const malformed = await inChinese('/loadtest start turbo=1 sql1=');
    expect(malformed.title).toBe('⚠️ 未知选项 turbo；sql1= 需要一个值');
    expect(text(malformed)).toContain('用法：');
    expect((await inChinese('/setup', 'bob')).title).toBe('⛔ /setup 仅限授权用户');
    const overLimit = await inChinese('/loadtest start sql1=50 duration=3s');
    expect(overLimit.title).toBe('⚠️ 无法开始压测');
    expect(text(overLimit)).toContain('sql1=50 超过上限 20 个并发');
    expect(text(await inChinese('/datagen start scale=5'))).toContain('scale 必须不小于 0.1 且不超过 1');
  });

  it('checks the given day in chat, and says locally that the emulator has no usage (no billing lag)', async () => {
    const yesterday = text(await say('/cost check'));
    expect(yesterday).toContain('local emulator has no usage');
    expect(yesterday).not.toContain('lags');
    const given = await say('/cost check 2026-11-03');
    expect(given.title).toContain('2026-11-03');
    expect(text(given)).toContain('/cost check YYYY-MM-DD');
  });

  it('/advise reads the query given (line breaks and all) and answers the findings, to anyone, in either language', async () => {
    const sql = 'SELECT *\nFROM "iot"."legacy"\nWHERE deviceNo = \'a\' OR deviceNo = \'b\'';
    const answer = await say(`/advise ${sql}`, 'mallory');
    expect(answer.title).toBe('🔍 3 findings');
    expect(answer.sections.map((section) => section.heading)).toEqual([
      '[select-star] * reads every column',
      '[no-time-range] "iot"."legacy" is read without a time range (no lower bound on time)',
      "[or-of-equalities] an OR of equalities on one column: deviceNo = 'a' OR deviceNo = 'b'",
    ]);
    expect(text(answer)).toContain("Write instead: deviceNo IN ('a', 'b')");
    expect(answer.links[0]?.url).toBe('https://docs.aws.amazon.com/timestream/latest/developerguide/queries-bp.html');
    const chinese = (await runCommand(`@tcu-bot /advise ${sql}`, caller('mallory'), deps))('zh-CN');
    expect(chinese.title).toBe('🔍 3 项发现');
    expect(text(chinese)).toContain('改写为');
    expect((await say('/advise SELECT max_by(speed, time) FROM "iot"."t" WHERE time > ago(1h)')).title).toContain(
      'No findings',
    );
    const broken = await say('/advise SELECT FROM x');
    expect(broken.title).toBe('🔍 Not a query Timestream can run');
    expect(text(broken)).toContain("line 1:8: expected an expression, found 'FROM'");
    expect(text(await say('/advise'))).toContain('<sql> is required');
  });

  it('answers a near miss with the command it probably meant, in either language', async () => {
    expect(text(await say('/tcu stauts'))).toContain('Did you mean `/tcu status`?');
    const chinese = (await runCommand('/lodtest start sql1=5', caller('alice'), deps))('zh-CN');
    expect(text(chinese)).toContain('你是想输入 `/loadtest start sql1=5` 吗？');
  });

  it('refuses a costly command to someone not allowed', async () => {
    const answer = await say('/loadtest start sql1=2 sql2=2 duration=3s', 'bob');
    expect(answer.title).toContain('allowed users only');
    expect(await deps.store.latest('loadtest')).toBeUndefined();
  });

  it('refuses caps with a clear reason', async () => {
    expect(text(await say('/loadtest start sql1=50 duration=3s'))).toContain('sql1=50 is over the limit of 20 workers');
    expect(text(await say('/datagen start scale=5'))).toContain('scale must be a number from 0.1 to 1, not 5');
  });
});

describe('option ranges, checked before anything starts', () => {
  it.each([
    ['/optimize report rate=0', 'optimize', 'rate must be a number above 0 and at most 50, not 0'],
    ['/optimize report duration=10', 'optimize', 'duration must be a duration with its unit from 10s to 4m, not 10'],
    ['/optimize report maxquerytcu=7', 'optimize', 'maxquerytcu must be a multiple of 4 from 4 to 1000, not 7'],
    // runs= left with the runs-based report; it is refused as unknown, before anything starts.
    ['/optimize report runs=0', 'optimize', 'unknown option runs'],
    ['/datagen start scale=0', 'datagen', 'scale must be a number from 0.1 to 1, not 0'],
    // Below one device (scale 0.1) a scale would write the same one device: refused, not silently rounded.
    ['/datagen start scale=0.0001', 'datagen', 'scale must be a number from 0.1 to 1, not 0.0001'],
    ['/datagen start scale=abc', 'datagen', 'scale must be a number from 0.1 to 1, not abc'],
    ['/datagen start scale=2', 'datagen', 'scale must be a number from 0.1 to 1, not 2'],
    ['/loadtest start sql1=21', 'loadtest', 'sql1=21 is over the limit of 20 workers'],
    ['/loadtest start sql1=1 duration=2h', 'loadtest', 'duration 2h is over the limit of 1 min'],
    ['/loadtest start sql1=1 schema=new', 'loadtest', 'schema must be legacy or optimized, not new'],
    // 10 s or 10 min? A bare number is refused, not guessed.
    ['/loadtest start sql1=1 duration=10', 'loadtest', 'duration must be a duration with its unit, such as 90s'],
  ] as const)('%s is refused with its range, and no job starts', async (command, kind, problem) => {
    const before = await deps.store.latest(kind);
    const answer = await say(command);
    expect(answer.severity).toBe('warning');
    expect(text(answer)).toContain(problem);
    expect(await deps.store.latest(kind)).toEqual(before);
  });

  it('words the same refusal in Chinese for DingTalk', async () => {
    const answer = (await runCommand('/optimize report rate=0', caller('alice'), deps))('zh-CN');
    expect(answer.title).toBe('⚠️ 无法开始优化对比');
    expect(text(answer)).toContain('rate 必须大于 0 且不超过 50，而不是 0');
  });
});

describe('jobs', () => {
  it('marks a job whose worker went silent as failed when a new start takes its slot, and says so', async () => {
    const silentSince = Date.now() - 21 * 60_000;
    const stale = {
      id: 'setup-dead',
      kind: 'setup' as const,
      requester: 'console:alice',
      replyTo: { kind: 'console' as const, conversationId: 'console' },
      options: {} as Record<string, never>,
      flags: [],
      status: 'running' as const,
      progress: undefined,
      result: undefined,
      isStopRequested: false,
      createdAtMs: silentSince,
      updatedAtMs: silentSince,
    };
    expect((await deps.store.start(stale, 'console:stale-request')).started).toBe(true);
    const staleGeneration = { ...stale, id: 'datagen-dead', kind: 'datagen' as const, options: { scale: 1 } };
    expect((await deps.store.start(staleGeneration, 'console:stale-datagen')).started).toBe(true);
    expect((await say('/datagen status')).title).toBe(
      'Data generation: running (no report for 20 minutes: its worker probably died)',
    );
    await deps.store.update('datagen-dead', { status: 'failed' }, Date.now());
    const started = await say('/setup');
    expect(started.title).toContain('Started');
    expect(text(started)).toContain('The previous lab setup job (setup-dead) had not reported since');
    const dead = await deps.store.get('setup-dead');
    expect(dead?.status).toBe('failed');
    expect(dead?.result).toContain('stopped reporting');
    await queue.drain();
  });

  it('refuses to measure while data generation is still writing the tables', async () => {
    const now = Date.now();
    const generating = {
      id: 'gen-1',
      kind: 'datagen' as const,
      requester: 'console:alice',
      replyTo: { kind: 'console' as const, conversationId: 'console' },
      options: { scale: 1 },
      flags: [],
      status: 'running' as const,
      progress: '3/40 batches',
      result: undefined,
      isStopRequested: false,
      createdAtMs: now,
      updatedAtMs: now,
    };
    expect((await deps.store.start(generating, 'console:gen-request')).started).toBe(true);
    try {
      for (const command of ['/optimize report duration=10s', '/loadtest start sql1=1 duration=3s']) {
        const answer = await say(command);
        expect(answer.title).toContain('Data generation is still running');
        expect(text(answer)).toContain('3/40 batches');
      }
      expect(await deps.store.latest('loadtest')).toBeUndefined();
    } finally {
      await deps.store.update('gen-1', { status: 'succeeded' }, Date.now());
    }
  });

  it('runs a load test: started, one at a time, no double start on a retry, progress, then the report', async () => {
    const request = caller('alice');
    const started = await say('/loadtest start sql1=2 sql2=2 duration=3s', 'alice', request);
    expect(started.title).toContain('Started: closed model: sql1 × 2 workers, sql2 × 2 workers');
    expect((await say('/loadtest start sql1=1 duration=3s')).title).toContain('already running');
    expect((await say('/loadtest start sql1=2 sql2=2 duration=3s', 'alice', request)).title).toContain(
      'already started for this request',
    );
    expect(text(await say('/loadtest status', 'bob'))).toContain('Load test: running');
    // While it runs, DingTalk's `/loadtest status` reads its progress line in Chinese once one is kept.
    await expect
      .poll(async () => text((await runCommand('/loadtest status', caller('bob'), deps))('zh-CN')), {
        timeout: 3000,
        interval: 100,
      })
      .toMatch(/压测：运行中[\s\S]*秒：成功 \d+，限流 \d+/);
    await queue.drain();
    const job = (await deps.store.latest('loadtest'))!;
    expect(job.status).toBe('succeeded');
    const mine = posts.filter((post) => post.jobId === job.id);
    expect(mine.some((post) => post.key.includes(':progress:'))).toBe(true);
    const result = mine.find((post) => post.key.endsWith(':result'))!;
    expect(result.notice.title).toBe('📈 Load test finished: ran its full duration');
    expect(text(result.notice)).toMatch(/SQL1: \d+\/\d+ ok/);
    expect(text(result.notice)).toContain('QueryTCU (account-wide, per minute): baseline');
    // A verdict, and the same run on the optimized schema as the next command to type.
    expect(text(result.notice)).toMatch(/No throttling: [\d.]+ queries a second, p95 [\d.]+ ms|queries throttled/);
    expect(text(result.notice)).toContain('`/loadtest start sql1=2 sql2=2 duration=3s schema=optimized`');
    // DingTalk gets the same report in Chinese: other words, the very same figures.
    const chinese = result.compose('zh-CN');
    expect(chinese.title).toBe('📈 压测结束：已跑满设定时长');
    expect(text(chinese)).toContain('QueryTCU（全账户，每分钟）: 基线');
    expect(text(chinese)).toContain('闭环模型：sql1 × 2 个并发，sql2 × 2 个并发，连续执行，legacy 表结构，3 秒');
    const figures = (notice: Notice) => notice.facts.map((fact) => fact.value.match(/\d+(\.\d+)?/g));
    expect(figures(chinese)).toEqual(figures(result.notice));
    expect(text((await runCommand('/loadtest status', caller('bob'), deps))('zh-CN'))).toContain(chinese.summary);
  });

  it('/loadtest stop ends the run within 2 s with a partial report', async () => {
    await say('/loadtest start sql1=2 sql2=2 duration=60s');
    await new Promise((resolve) => setTimeout(resolve, 800));
    const stoppedAt = Date.now();
    expect((await say('/loadtest stop')).title).toContain('Stopping');
    await queue.drain();
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    const job = (await deps.store.latest('loadtest'))!;
    expect(job.status).toBe('stopped');
    const result = posts.find((post) => post.jobId === job.id && post.key.endsWith(':result'))!;
    expect(result.notice.title).toBe('📈 Load test finished: stopped on request');
  });

  it('runs /optimize report and /setup as jobs too', async () => {
    expect((await say('/optimize report duration=10s rate=2')).title).toBe(
      '▶️ Started: before/after report: 2 arrivals a second per query, 10 s a side, legacy then optimized',
    );
    await queue.drain();
    const optimize = (await deps.store.latest('optimize'))!;
    const report = posts.find((post) => post.jobId === optimize.id)!.notice;
    expect(report.title).toBe('🔬 Before / after: optimized schema and SQL');
    // A 10-second run on minute metrics may or may not show the saving; either way there is a verdict.
    expect(text(report)).toMatch(
      /If this arrival rate ran all month: about [\d,.]+ fewer TCU-hours, about \$[\d,.]+ a month saved|The optimized side saved nothing/,
    );
    expect(text(report)).not.toMatch(/-[\d.]+% fewer|\$-/);
    expect(text(report)).toContain('Migrating:');
    await say('/setup');
    await queue.drain();
    const setup = (await deps.store.latest('setup'))!;
    expect(posts.find((post) => post.jobId === setup.id)?.notice.title).toBe('🧰 Lab setup done');
    expect(text(posts.find((post) => post.jobId === setup.id)!.notice)).toContain('`/datagen start`');
  }, 60_000);

  it('says a finished job is done, its figures and when, in the reader’s zone, never raw ISO times', async () => {
    const status = text(await say('/loadtest status'));
    expect(status).toMatch(/^Load test: (done|stopped)\n/);
    expect(status).toMatch(/finished \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+/);
    expect(status).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  });

  it('says the effective size a data generation starts with, never the option name alone', async () => {
    const started = await say('/datagen start scale=0.1');
    expect(started.title).toBe('▶️ Started: writing the case-study data: scale 0.1 = 1 device × 52 metrics, 12 h');
    await queue.drain();
  }, 60_000);

  it('posts a data generation’s progress (%, rate, ETA), refuses a load test meanwhile, and stops it on /datagen stop', async () => {
    expect((await say('/datagen stop')).title).toBe('No data generation is running');
    await say('/datagen start scale=1');
    const job = (await deps.store.latest('datagen'))!;
    await expect
      // A message at each quarter: the first comes at 25 %.
      .poll(() => posts.filter((post) => post.jobId === job.id && post.key.includes(':progress:')).length, {
        timeout: 40_000,
        interval: 100,
      })
      .toBeGreaterThan(0);
    const progress = posts.find((post) => post.jobId === job.id && post.key.includes(':progress:'))!;
    expect(progress.notice.title).toMatch(/^🗄 Data generation \d+%$/);
    expect(text(progress.notice)).toMatch(/\d+% · [\d,]+ records written · [\d,]+ records\/s/);
    expect(text(await say('/datagen status'))).toMatch(/Data generation: running\n\d+% · /);
    const refused = await say('/loadtest start sql1=1 duration=5s');
    expect(refused.title).toBe('⏳ Data generation is still running');
    expect(text(refused)).toMatch(/\d+% · /);

    expect((await say('/datagen stop')).title).toBe('⏹ Stopping the data generation');
    await queue.drain();
    const stopped = (await deps.store.get(job.id))!;
    expect(stopped.status).toBe('stopped');
    const report = posts.find((post) => post.jobId === job.id && post.key.endsWith(':result'))!;
    expect(report.notice.title).toBe('⏸ Data generation stopped');
    // Its data window in minutes, UTC: never an ISO time with milliseconds.
    expect(text(report.notice)).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} → \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\)/);
    expect(text(report.notice)).not.toMatch(/\.\d{3}Z/);
    expect(report.notice.summary).toMatch(/resume/);
  }, 90_000);
});
