/**
 * `/loadtest start workload=<name>` in-process: refused before anything starts when the name, the
 * file or the caps are wrong (in the caller's language); a workload read from S3 (msw speaks
 * GetObject's wire format) runs as a job on the emulator and reports each query and its thresholds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCommand, type Caller, type CommandDeps } from '../../src/commands/run-command.ts';
import type { Notice } from '../../src/chat/notice.ts';
import { loadConfig } from '../../src/config.ts';
import { labTarget, monitorDeps } from '../../src/deps.ts';
import { InProcessJobQueue } from '../../src/jobs/job-queue.ts';
import { MemoryJobStore } from '../../src/jobs/job-store.ts';
import { runJob } from '../../src/jobs/run-job.ts';
import type { LabTarget } from '../../src/lab/lab-target.ts';
import { readWorkload } from '../../src/lab/workload/read-workload.ts';
import { s3ObjectReader, workloadCatalog } from '../../src/lab/workload/workload-catalog.ts';
import { generateWorkload, setupWorkload } from '../../src/lab/workload/workload-tables.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { useEmulator } from '../support/emulator.ts';
import { mswServer } from '../support/msw.ts';

const TINY = `name: tiny
database: tiny
tables:
  - name: cpu_m
    dimensions: [{ name: host, cardinality: 3 }]
    measureName: metrics
    measures: [{ name: cpu, type: DOUBLE, min: 0, max: 100 }]
    every: 1m
    span: 30m
queries:
  - name: per-host
    sql: SELECT avg(cpu) AS cpu FROM "tiny"."cpu_m" WHERE host = '{{host}}' AND time > ago(30m)
    params: { host: { dimension: cpu_m.host } }
stages:
  - { duration: 2s, rate: 5 }
thresholds:
  - { metric: failed_ratio, below: 0.01 }
  - { metric: latency_p99_ms, query: per-host, below: 0.001 }
`;

const fixture = useEmulator();
const folder = mkdtempSync(join(tmpdir(), 'tcu-workload-command-'));
const posts: Notice[] = [];
const fetched: string[] = [];
let target: LabTarget;
let deps: CommandDeps;
let requests = 0;
let finished: () => void;
const done = new Promise<void>((resolve) => (finished = resolve));

const caller = (): Caller => ({
  platform: 'console',
  userId: 'alice',
  conversationId: 'console',
  requestId: `r${++requests}`,
  replyTo: { kind: 'console', conversationId: 'console' },
});
const say = async (command: string, locale: 'en' | 'zh-CN' = 'en') =>
  (await runCommand(command, caller(), deps))(locale);
const text = (notice: Notice) =>
  [
    notice.title,
    ...notice.facts.map((fact) => `${fact.label}: ${fact.value}`),
    ...notice.sections.flatMap((s) => s.lines),
  ].join('\n');

// The suite's setup resets msw's handlers after every test: S3 is set up again before each.
beforeEach(() => {
  mswServer.use(
    http.get(/^https:\/\/team-workloads\.s3\.[a-z0-9-.]*amazonaws\.com\/workloads\/([^?]+)/, ({ request }) => {
      const key = decodeURIComponent(new URL(request.url).pathname.slice(1));
      fetched.push(key);
      if (key === 'workloads/tiny.yaml')
        return new HttpResponse(TINY, { headers: { 'Content-Type': 'application/yaml' } });
      return new HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
        { status: 404, headers: { 'Content-Type': 'application/xml' } },
      );
    }),
  );
});

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  target = await labTarget(config, { endpoint: fixture.emulator.endpoint, database: 'tiny' });
  const workload = readWorkload(TINY, 'tiny.yaml');
  await setupWorkload(target, workload);
  await generateWorkload(target, workload, { checkpointPath: join(folder, 'tiny.json') });
  const workloads = workloadCatalog({
    s3: { bucket: 'team-workloads', prefix: 'workloads/' },
    readObject: s3ObjectReader('us-east-1'),
  });
  const store = new MemoryJobStore();
  const monitor = await monitorDeps(config, { endpoint: fixture.emulator.endpoint });
  const queue = new InProcessJobQueue(
    (job) =>
      runJob(job, {
        store,
        lab: target,
        tcu: monitor.tcu,
        checkpointPath: join(folder, 'checkpoint.json'),
        post: (_job, compose, key) => {
          posts.push(compose('en'));
          if (key.endsWith(':result')) finished();
          return Promise.resolve();
        },
        clock: systemClock,
        logger: silentLogger,
        progressEveryMs: 1000,
        workloads,
      }),
    () => undefined,
  );
  deps = {
    store,
    queue,
    monitor,
    permissions: { users: new Set(['console:alice']), conversations: new Set() },
    limits: { maxWorkers: 20, maxTotalWorkers: 40, maxRatePerSecond: 200, maxDurationMs: 30_000, maxScale: 1 },
    clock: systemClock,
    logger: silentLogger,
    newId: () => `job-${++requests}`,
    timeZone: 'UTC',
    workloads,
  };
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(folder, { recursive: true, force: true });
  target.clients.write.destroy();
  target.clients.query.destroy();
});

describe('/loadtest start workload=<name>', () => {
  it('refuses a workload that is neither bundled nor under the S3 prefix, naming the bundled ones', async () => {
    const answer = text(await say('/loadtest start workload=nowhere'));
    expect(answer).toContain(
      'no workload nowhere: the bundled ones are case-study, fleet, plant-sensors; none at s3://team-workloads/workloads/nowhere.yaml',
    );
    expect(fetched).toContain('workloads/nowhere.yaml');
  });

  it('refuses other options beside it, and a name that is not one, in the caller’s language', async () => {
    expect(text(await say('/loadtest start workload=fleet duration=1m'))).toContain(
      'workload= takes its stages from the file: leave out duration',
    );
    expect(text(await say('/loadtest start workload=../etc/passwd', 'zh-CN'))).toContain(
      'workload 必须是由字母、数字、_ 和 - 组成的名字',
    );
  });

  it('holds a workload’s stages to the deployment’s caps before anything starts', async () => {
    // fleet's stages last 60 s; this deployment allows 30 s.
    const answer = await say('/loadtest start workload=fleet', 'zh-CN');
    expect(text(answer)).toContain('各阶段共 1 分钟，超过上限 0.5 分钟');
    expect(await deps.store.latest('loadtest')).toBeUndefined();
  });

  it('runs a workload from S3 as a job and reports each query and its thresholds', async () => {
    const answer = await say('/loadtest start workload=tiny');
    expect(answer.title).toContain('workload tiny: 1 queries, 2s at 5/s (2 s)');
    await done;
    const result = posts.at(-1)!;
    expect(result.title).toBe('📈 Load test finished: a threshold fails');
    const body = text(result);
    expect(body).toMatch(/^per-host: 10\/10 ok · 5 q\/s · p50 [\d.]+ \/ p95 [\d.]+ \/ p99 [\d.]+ ms · throttled 0/m);
    expect(body).toContain('✅ failed_ratio = 0 < 0.01: holds');
    expect(body).toMatch(/❌ latency_p99_ms \(per-host\) = [\d.]+ < 0\.001: fails/);
    expect(body).toContain('modelled locally');
    expect((await deps.store.latest('loadtest'))?.status).toBe('succeeded');
  }, 30_000);
});
