/** The AlarmHistory contract, run against every implementation (memory, DynamoDB, the local state file). */
import { describe, expect, it } from 'vitest';
import type { AlarmHistory } from '../../src/alarms/alarm-history.ts';
import { parseCloudWatchAlarm, type CloudWatchAlarm } from '../../src/alarms/cloudwatch-alarm.ts';
import { anAlarm } from './builders.ts';

function alarm(name: string, state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', time: string): CloudWatchAlarm {
  const result = parseCloudWatchAlarm(anAlarm().named(name).inState(state).at(`2025-05-28T${time}:00.000+0000`).json());
  if (!result.ok) throw new Error(result.problems.join());
  return result.alarm;
}
const ms = (time: string) => Date.parse(`2025-05-28T${time}:00Z`);

export function describeAlarmHistory(name: string, make: () => AlarmHistory) {
  describe(`${name} honours the AlarmHistory contract`, () => {
    it('gives a recovery the start of its ALARM, once', async () => {
      const history = make();
      expect(await history.recordStateChange(alarm('tcu', 'ALARM', '09:00'))).toBeUndefined();
      expect(await history.recordStateChange(alarm('tcu', 'OK', '10:05'))).toBe(ms('09:00'));
      expect(await history.recordStateChange(alarm('tcu', 'OK', '10:06'))).toBeUndefined();
    });

    it('keeps the earliest start when an ALARM is delivered again, and alarms apart', async () => {
      const history = make();
      await history.recordStateChange(alarm('tcu', 'ALARM', '09:10'));
      await history.recordStateChange(alarm('tcu', 'ALARM', '09:00'));
      await history.recordStateChange(alarm('tcu', 'ALARM', '09:20'));
      await history.recordStateChange(alarm('throttles', 'ALARM', '09:30'));
      expect(await history.recordStateChange(alarm('tcu', 'OK', '10:00'))).toBe(ms('09:00'));
      expect(await history.recordStateChange(alarm('throttles', 'OK', '10:00'))).toBe(ms('09:30'));
    });

    it('reports the start to INSUFFICIENT_DATA and still to the OK after it', async () => {
      const history = make();
      await history.recordStateChange(alarm('tcu', 'ALARM', '09:00'));
      expect(await history.recordStateChange(alarm('tcu', 'INSUFFICIENT_DATA', '09:30'))).toBe(ms('09:00'));
      expect(await history.recordStateChange(alarm('tcu', 'OK', '10:00'))).toBe(ms('09:00'));
    });

    it('invents nothing for a change older than the ALARM it would close', async () => {
      const history = make();
      await history.recordStateChange(alarm('tcu', 'ALARM', '09:00'));
      expect(await history.recordStateChange(alarm('tcu', 'OK', '08:59'))).toBeUndefined();
      expect(await history.recordStateChange(alarm('tcu', 'OK', '09:01'))).toBe(ms('09:00'));
    });
  });
}
