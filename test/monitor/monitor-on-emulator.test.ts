/** End to end on the emulator: queries that need 8 TCU → ResourceCount shows 8 → a cost estimate today → the status says so. */
import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { monitorDeps } from '../../src/deps.ts';
import { addDays, utcDay } from '../../src/monitor/cost-source.ts';
import { readStatus } from '../../src/monitor/monitor.ts';
import { statusNotice } from '../../src/monitor/status-notice.ts';
import { renderDingTalkMarkdown } from '../../src/chat/dingtalk/render.ts';
import { DEFAULT_TCU_PROFILE } from '../../src/emulator/timestream/capacity/tcu-profile.ts';
import { useEmulator } from '../support/emulator.ts';

// Each query's fixed work is 2 TCU-seconds here (3.5 s at a light query's 4/7 TCU), so the 12 sent at
// once are all running together in the model whatever the machine's speed.
const fixture = useEmulator({
  maxQueryTcu: 8,
  tcuProfile: {
    name: 'slow',
    constants: {
      ...DEFAULT_TCU_PROFILE.constants,
      baseTcuSeconds: { value: 2, label: 'assumed', source: 'test: queries long enough to overlap' },
    },
  },
});
const SLOW =
  'SELECT count(*) FROM UNNEST(sequence(1, 5000)) AS a(i) CROSS JOIN UNNEST(sequence(1, 4000)) AS b(j) WHERE (i * j) % 7 = 3';

describe('monitoring against the emulator', () => {
  it('sees the TCU the queries needed, estimates a cost for today, and reports both', async () => {
    // 12 concurrent light queries want 12 × 4/7 TCU: two 4-TCU blocks, exactly MaxQueryTCU.
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => fixture.clients.query.send(new QueryCommand({ QueryString: SLOW }))),
    );
    expect(results.filter((result) => result.status === 'fulfilled').length).toBe(12);

    const deps = await monitorDeps(loadConfig({ LOG_LEVEL: 'silent' }), { endpoint: fixture.emulator.endpoint });
    // Look one minute ahead so the minute the queries ran in counts as complete.
    const later = { ...deps, clock: { now: () => Date.now() + 60_000, sleep: deps.clock.sleep } };
    const now = Date.now();
    const minutes = await deps.tcu.minuteTcu(now - 5 * 60_000, now + 60_000);
    expect(Math.max(...minutes.map((minute) => minute.max))).toBe(8);

    const today = utcDay(now);
    const [todayCost] = await deps.cost.dailyCosts(today, addDays(today, 1));
    expect(todayCost?.total).toBeGreaterThan(0);
    expect(todayCost?.isEstimated).toBe(true);
    expect(Object.keys(todayCost?.byUsageType ?? {})).toContain('USE1-QueryTCU-Hours');

    const report = await readStatus(later);
    expect(report.tcu.last15m.peak).toBe(8);
    expect(report.tcu.isCapped).toBe(true);
    expect(report.isLocalEstimate).toBe(true);
    const text = renderDingTalkMarkdown(statusNotice(report, 'en', 'UTC'), { locale: 'en' }).markdown.text;
    expect(text).toContain('Peak / minimum 15 min**: 8');
    expect(text).toContain('MaxQueryTCU**: 8 · billed by TCU');
    expect(text).not.toContain('COMPUTE_UNITS');
    expect(text).toContain('capacity-capped');
    expect(text).toContain('Local emulator estimates');
    if (report.tcu.nowMinuteStartMs === minutes.at(-1)?.minuteStartMs) expect(text).toContain('QueryTCU now**: 8');
    expect(text).toMatch(/Today so far .*: \$0\.\d\d/);
    // In another zone the minute is said in both, and no bare zone name is left in the footer.
    const shanghai = renderDingTalkMarkdown(statusNotice(report, 'en', 'Asia/Shanghai'), { locale: 'en' }).markdown
      .text;
    expect(shanghai).toMatch(/\d{2}:\d{2} UTC \/ \d{2}:\d{2} Asia\/Shanghai/);
    expect(shanghai).not.toMatch(/\(Asia\/Shanghai\)/);
  });
});
