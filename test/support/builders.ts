/** Builders for test data: `anAlarm().named('x').inState('OK').json()`. */
import { readJsonFixture } from './fixtures.ts';

type AlarmJson = Record<string, unknown>;

class AlarmBuilder {
  private value: AlarmJson = readJsonFixture('alarms/metric-query-tcu.json');

  named(name: string): this {
    this.value = {
      ...this.value,
      AlarmName: name,
      AlarmArn: `arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:${name}`,
    };
    return this;
  }

  inState(state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA'): this {
    this.value = { ...this.value, NewStateValue: state };
    return this;
  }

  at(isoTime: string): this {
    this.value = { ...this.value, StateChangeTime: isoTime };
    return this;
  }

  /** The Trigger's threshold (the fixture's is 100). */
  withThreshold(threshold: number): this {
    this.value = { ...this.value, Trigger: { ...(this.value.Trigger as AlarmJson), Threshold: threshold } };
    return this;
  }

  withReason(reason: string): this {
    this.value = { ...this.value, NewStateReason: reason };
    return this;
  }

  json(): AlarmJson {
    return structuredClone(this.value);
  }

  text(): string {
    return JSON.stringify(this.value);
  }
}

export function anAlarm(): AlarmBuilder {
  return new AlarmBuilder();
}
