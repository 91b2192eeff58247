/** The AlarmMutes contract, run against every implementation (memory, DynamoDB, the local state file). */
import { describe, expect, it } from 'vitest';
import type { AlarmMutes } from '../../src/alarms/alarm-mutes.ts';

export function describeAlarmMutes(name: string, make: () => AlarmMutes) {
  describe(`${name} honours the AlarmMutes contract`, () => {
    it('keeps a mute until it ends, by alarm name', async () => {
      const mutes = make();
      await mutes.mute('TimestreamQueryTCUHigh', { untilMs: 5000, by: 'dingtalk:ops' });
      expect(await mutes.mutedAt('TimestreamQueryTCUHigh', 4999)).toEqual({ untilMs: 5000, by: 'dingtalk:ops' });
      expect(await mutes.mutedAt('TimestreamQueryTCUHigh', 5000)).toBeUndefined();
      expect(await mutes.mutedAt('OtherAlarm', 1000)).toBeUndefined();
    });

    it('a new mute replaces the old one; unmute ends it and says whether there was one', async () => {
      const mutes = make();
      await mutes.mute('a b', { untilMs: 5000, by: 'slack:U1' });
      await mutes.mute('a b', { untilMs: 9000, by: 'slack:U2' });
      expect(await mutes.mutedAt('a b', 6000)).toEqual({ untilMs: 9000, by: 'slack:U2' });
      expect(await mutes.unmute('a b')).toBe(true);
      expect(await mutes.mutedAt('a b', 6000)).toBeUndefined();
      expect(await mutes.unmute('a b')).toBe(false);
    });
  });
}
