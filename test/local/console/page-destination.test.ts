import { describe, expect, it } from 'vitest';
import { MemoryAlarmHistory } from '../../../src/alarms/alarm-history.ts';
import { forwardSnsEvent } from '../../../src/alarms/forward.ts';
import { MemoryDeliveryStore } from '../../../src/chat/outbox/delivery-store.ts';
import { Outbox } from '../../../src/chat/outbox/outbox.ts';
import { UNLIMITED } from '../../../src/chat/destination.ts';
import { ConsoleHub, type ConsoleEvent } from '../../../src/local/console/hub.ts';
import { PageDestination } from '../../../src/local/console/page-destination.ts';
import { sampleAlarmEvent } from '../../../src/local/console/sample-alarms.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { silentLogger } from '../../../src/shared/logger.ts';

describe('PageDestination through the outbox', () => {
  it('shows an alarm as the DingTalk group gets it (zh-CN) and as Slack gets it (en), and prints it', async () => {
    const hub = new ConsoleHub();
    const events: ConsoleEvent[] = [];
    hub.subscribe((event) => events.push(event));
    const printed: string[] = [];
    const page = new PageDestination({
      feed: 'alarms',
      hub,
      clock: systemClock,
      locales: { dingtalk: 'zh-CN', slack: 'en' },
      rate: UNLIMITED,
      write: (text) => printed.push(text),
    });
    const outbox = new Outbox({
      destinations: [page],
      store: new MemoryDeliveryStore(),
      clock: systemClock,
      logger: silentLogger,
      timeZone: 'Asia/Shanghai',
    });
    await forwardSnsEvent(sampleAlarmEvent(Date.now()), {
      outbox,
      history: new MemoryAlarmHistory(),
      timeZone: 'Asia/Shanghai',
      logger: silentLogger,
      deadlineAtMs: Date.now() + 10_000,
    });

    const [message] = events;
    expect(message?.type).toBe('message');
    if (message?.type !== 'message') return;
    expect(message.feed).toBe('alarms');
    expect(message.dingtalk.text).toContain('告警状态');
    expect(message.dingtalk.text).toContain('TimestreamQueryTCUHigh');
    expect(message.slack.text).toContain('TimestreamQueryTCUHigh');
    expect(JSON.stringify(message.slack.blocks)).not.toContain('告警状态');
    expect(printed.join('')).toContain('告警状态');
  });

  it('follows DINGTALK_LOCALE and SLACK_LOCALE: each pane in the language its platform is set to', async () => {
    const hub = new ConsoleHub();
    const events: ConsoleEvent[] = [];
    hub.subscribe((event) => events.push(event));
    const page = new PageDestination({
      feed: 'alarms',
      hub,
      clock: systemClock,
      locales: { dingtalk: 'en', slack: 'zh-CN' },
      rate: UNLIMITED,
      write: () => undefined,
    });
    const outbox = new Outbox({
      destinations: [page],
      store: new MemoryDeliveryStore(),
      clock: systemClock,
      logger: silentLogger,
      timeZone: 'Asia/Shanghai',
    });
    await forwardSnsEvent(sampleAlarmEvent(Date.now()), {
      outbox,
      history: new MemoryAlarmHistory(),
      timeZone: 'Asia/Shanghai',
      logger: silentLogger,
      deadlineAtMs: Date.now() + 10_000,
    });
    const [message] = events;
    if (message?.type !== 'message') throw new Error('expected a message');
    expect(message.dingtalk.text).not.toContain('告警状态');
    expect(message.dingtalk.text).toContain('State');
    expect(JSON.stringify(message.slack.blocks)).toContain('告警状态');
  });
});
