import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TCU_PROFILE } from '../../../src/emulator/timestream/capacity/tcu-profile.ts';
import { useEmulator } from '../../support/emulator.ts';

// A socket per query, so all of them are in flight at once; and each query's fixed work is 0.3 TCU-seconds
// (525 ms at a light query's 4/7 TCU, ten times that when shared ten ways), so they are all running
// together in the model on any machine.
const fixture = useEmulator(
  {
    maxQueryTcu: 4,
    tcuProfile: {
      name: 'slow',
      constants: {
        ...DEFAULT_TCU_PROFILE.constants,
        baseTcuSeconds: { value: 0.3, label: 'assumed', source: 'test: queries long enough to overlap' },
      },
    },
  },
  { maxSockets: 200 },
);

describe('capacity model seen through the SDK', () => {
  it('answers ThrottlingException (429, MaxQueryTCU exceeded) once demand passes 10 × MaxQueryTCU', async () => {
    // A light query holds 4/7 TCU: 70 of them want 40 TCU, ten times MaxQueryTCU 4; the 71st is refused.
    const results = await Promise.allSettled(
      Array.from({ length: 120 }, () => fixture.clients.query.send(new QueryCommand({ QueryString: 'SELECT 1' }))),
    );
    const throttled = results.filter((result) => result.status === 'rejected');
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    expect(succeeded.length).toBeGreaterThanOrEqual(70);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    for (const failure of throttled) {
      expect(failure.reason).toMatchObject({
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 429 },
        message: expect.stringContaining('MaxQueryTCU exceeded'),
      });
    }
    const now = Date.now();
    const minutes = fixture.emulator.capacity.minuteStats(now - 120_000, now + 60_000);
    expect(Math.max(...minutes.map((minute) => minute.max))).toBe(4);
    expect(fixture.emulator.capacity.tcuHours(now - 120_000, now + 60_000)).toBeGreaterThan(0);
  });

  it('answers a query no sooner than the model says Timestream would', async () => {
    const started = Date.now();
    await fixture.clients.query.send(new QueryCommand({ QueryString: 'SELECT 1' }));
    // Alone, a light query's fixed work (0.3 TCU-s here) at 4/7 TCU takes 525 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });
});
