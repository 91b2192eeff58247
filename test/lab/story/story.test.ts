/**
 * `lab story` end to end, in virtual time: real emulators, the real alarm path (CloudWatch alarm →
 * SNS notification → the alarm function's code → outbox → a terminal destination), the real daily
 * cost check; then the history left in a second emulator answers `cost check`.
 * Small data (scale 0.3) with MaxQueryTCU and the alarm threshold lowered to match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { monitorDeps } from '../../../src/deps.ts';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.ts';
import { ConsoleDestination } from '../../../src/local/console-destination.ts';
import { storyJson } from '../../../src/lab/story/story-json.ts';
import { storyNotice } from '../../../src/lab/story/story-notice.ts';
import { runStory, type StoryResult } from '../../../src/lab/story/story.ts';
import { leaveStoryHistory } from '../../../src/lab/story/usage-handoff.ts';
import { addDays, utcDay } from '../../../src/monitor/cost-source.ts';
import { checkCost } from '../../../src/monitor/monitor.ts';
import { createLogger } from '../../../src/shared/logger.ts';

const DAY_MS = 86_400_000;
const config = loadConfig({ LOG_LEVEL: 'silent' });
const printed: string[] = [];
const stages: string[] = [];
let result: StoryResult;

beforeAll(async () => {
  result = await runStory(
    { scale: 0.3, maxQueryTcu: 32, params: { tcuAlarmThreshold: 24 } },
    {
      config,
      destinations: [new ConsoleDestination('en', (text) => printed.push(text))],
      logger: createLogger({ level: 'silent' }),
      onStage: (stage) => stages.push(stage),
    },
  );
}, 180_000);

const day = (kind: string) => result.days.find((each) => each.kind === kind)!;

describe('lab story', () => {
  it('replays the three UTC days before today, in order', () => {
    const today = Date.parse(`${utcDay(Date.now())}T00:00:00Z`);
    expect(result.fromMs).toBe(today - 3 * DAY_MS);
    expect(result.days.map((each) => [each.kind, each.schema, each.ratePerSecond])).toEqual([
      ['quiet', 'legacy', 5],
      ['legacy', 'legacy', 50],
      ['optimized', 'optimized', 50],
    ]);
    expect(stages).toEqual(['data', 'works', 'alarm', 'quiet', 'legacy', 'optimized', 'morning', 'done']);
  });

  it('drives QueryTCU to MaxQueryTCU on the legacy day, with throttles', () => {
    expect(day('legacy').tcuPeak).toBe(32);
    expect(day('legacy').tcuTypical).toBe(32);
    expect(day('legacy').throttled).toBeGreaterThan(0);
    expect(day('quiet').tcuPeak).toBeLessThanOrEqual(24);
    expect(day('quiet').throttled).toBe(0);
  });

  it("fires serverless.yml's QueryTCU alarm on the legacy day and delivers it; OK again on the optimized day", () => {
    const legacyStart = result.fromMs + DAY_MS;
    const optimizedStart = result.fromMs + 2 * DAY_MS;
    const alarmed = result.alarm.changes.find((change) => change.to === 'ALARM');
    expect(alarmed).toBeDefined();
    // Five breaching minutes after the load arrives (the alarm's EvaluationPeriods and DatapointsToAlarm).
    expect(alarmed!.atMs).toBe(legacyStart + 5 * 60_000);
    const recovered = result.alarm.changes.find((change) => change.from === 'ALARM' && change.to === 'OK');
    expect(recovered!.atMs).toBeGreaterThan(optimizedStart);
    expect(recovered!.atMs).toBeLessThan(optimizedStart + 3600_000);
    expect(result.alarm.changes.every((change) => change.delivered)).toBe(true);
    expect(result.alarm.name).toBe('tcu-bot-local-query-tcu-high');

    const posted = printed.join('\n');
    expect(posted).toContain('[ALARM]');
    expect(posted).toMatch(/5 out of the last 5 datapoints \[32\.0/);
    expect(posted).toContain('Lasted');
  });

  it('runs the daily cost check each morning: +10 % alert after the legacy day, cost down after the optimized one', () => {
    const [afterLegacy, afterOptimized] = result.costChecks;
    expect(afterLegacy!.verdict).toMatchObject({ kind: 'alert', reason: 'increase', day: day('legacy').day });
    expect(afterLegacy!.posted).toBe(true);
    expect(afterLegacy!.atMs).toBe(result.fromMs + 2 * DAY_MS + 90 * 60_000);
    expect(afterOptimized!.verdict).toMatchObject({ kind: 'ok', reason: 'decrease', day: day('optimized').day });
    expect(afterOptimized!.posted).toBe(false);
    expect(printed.join('\n')).toContain('Timestream cost up day over day');
    expect(day('optimized').costUsd).toBeLessThan(day('legacy').costUsd);
    expect(day('optimized').tcuHours).toBeLessThan(day('legacy').tcuHours / 1.5);
    expect(day('optimized').throttled).toBeLessThan(day('legacy').throttled / 1000);
  });

  it('keeps the optimized day under the alarm threshold once the legacy backlog has drained', () => {
    const optimizedStart = result.fromMs + 2 * DAY_MS;
    const afterFirstHour = result.minutes.filter(
      (minute) => minute.minuteStartMs >= optimizedStart + 3600_000 && minute.minuteStartMs < result.toMs,
    );
    expect(afterFirstHour.length).toBeGreaterThan(1000);
    expect(Math.max(...afterFirstHour.map((minute) => minute.max))).toBeLessThanOrEqual(24);
  });

  it('reports in the caller language and as the JSON contract', () => {
    const zh = storyNotice(result, 'zh-CN');
    expect(zh.title).toContain('案例重放');
    expect(zh.facts.some((fact) => fact.value.includes('已发出告警'))).toBe(true);
    const json = storyJson(result);
    expect(json.days.map((each) => each.kind)).toEqual(['quiet', 'legacy', 'optimized']);
    expect(json.alarm.changes.map((change) => change.to)).toContain('ALARM');
    expect(json.costChecks[0]).toMatchObject({ verdict: 'alert', posted: true });
    expect(json.savedPercent).toBeGreaterThan(0);
  });

  describe('left in the local emulator', () => {
    let local: RunningEmulator;
    beforeAll(async () => {
      local = await startEmulator();
    });
    afterAll(() => local.close());

    it('makes cost check answer from the replayed days', async () => {
      expect(await leaveStoryHistory(local.endpoint, result)).toBeGreaterThan(3 * 1440 - 10);
      const monitor = await monitorDeps(config, { endpoint: local.endpoint });
      const legacyDay = day('legacy').day;
      expect(await checkCost(monitor, addDays(legacyDay, 1))).toMatchObject({ kind: 'alert', day: legacyDay });
      expect(await checkCost(monitor, addDays(day('optimized').day, 1))).toMatchObject({
        kind: 'ok',
        reason: 'decrease',
      });
    });

    it('refuses a history that reaches into the future (4xx, with the reason)', async () => {
      await expect(leaveStoryHistory(local.endpoint, { ...result, toMs: Date.now() + DAY_MS })).rejects.toThrow(
        /Only the past can be replaced/,
      );
    });
  });
});
