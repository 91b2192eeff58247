import { QueryCommand } from '@aws-sdk/client-timestream-query';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../support/emulator.ts';

const fixture = useEmulator({ maxQueryTcu: 4 });

/** Long enough (tens of ms) that 20 concurrent calls overlap on the emulator. */
const SLOW = 'SELECT count(*) FROM range(20000000) t(i) WHERE i % 7 = 3';

describe('capacity model seen through the SDK', () => {
  it('answers ThrottlingException (429, MaxQueryTCU exceeded) past the cap and records the TCU in use', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => fixture.clients.query.send(new QueryCommand({ QueryString: SLOW }))),
    );
    const throttled = results.filter((result) => result.status === 'rejected');
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    // MaxQueryTCU 4 admits 7 concurrent queries (4 × ceil(7 ÷ 7) = 4).
    expect(succeeded.length).toBeGreaterThanOrEqual(7);
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
});
