import { describe, expect, it, vi } from 'vitest';
import type { Notice } from '../../../src/chat/notice.ts';
import type { Caller } from '../../../src/commands/run-command.ts';
import type { Locale } from '../../../src/shared/locale.ts';
import { ConsoleHub, type ConsoleEvent } from '../../../src/local/console/hub.ts';
import { consoleRoutes } from '../../../src/local/console/routes.ts';
import { systemClock } from '../../../src/shared/clock.ts';
import { createLogger } from '../../../src/shared/logger.ts';

const TOKEN = 'page-token';
const notice = (title: string) =>
  ({ severity: 'info', title, summary: title, facts: [], sections: [], links: [] }) as unknown as Notice;
/** An answer as run-command gives it: composed per locale. */
const answer = (locale: Locale) => notice(locale === 'zh-CN' ? '当前 QueryTCU' : 'QueryTCU now');

function setup() {
  const hub = new ConsoleHub();
  const events: ConsoleEvent[] = [];
  hub.subscribe((event) => events.push(event));
  const runCommand = vi.fn((_text: string, _caller: Caller) => Promise.resolve(answer));
  const fireAlarm = vi.fn(() => Promise.resolve());
  let playing = false;
  const startStory = vi.fn(() => (playing ? false : (playing = true)));
  const app = consoleRoutes({
    hub,
    locales: { dingtalk: 'zh-CN', slack: 'en' },
    token: TOKEN,
    clientScript: '/* app */',
    users: ['operator', 'guest'],
    runCommand,
    fireAlarm,
    startStory,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', 'x-console-token': TOKEN, ...headers },
    });
  return { app, events, runCommand, fireAlarm, startStory, post };
}

describe('console routes', () => {
  it('runs a command as the chosen console user and publishes it and its reply', async () => {
    const { post, runCommand, events } = setup();
    const response = await post('/console/command', { text: '/tcu status', user: 'operator' });
    expect(response.status).toBe(200);
    const caller = runCommand.mock.calls[0]![1];
    expect(caller).toMatchObject({ platform: 'console', userId: 'operator', replyTo: { kind: 'console' } });
    expect(events.map((event) => event.type)).toEqual(['command', 'message']);
    // One run, composed for each pane: DingTalk in zh-CN, Slack in English.
    expect(runCommand).toHaveBeenCalledTimes(1);
    expect(events[1]).toMatchObject({
      feed: 'replies',
      dingtalk: { title: '当前 QueryTCU' },
      slack: { text: expect.stringContaining('QueryTCU now') },
    });
  });

  it('refuses writes without the token, from a foreign Host, or with a bad body — and runs nothing', async () => {
    const { post, runCommand, fireAlarm } = setup();
    expect(
      (await post('/console/command', { text: '/setup', user: 'operator' }, { 'x-console-token': 'guess' })).status,
    ).toBe(403);
    expect(
      (await post('/console/command', { text: '/setup', user: 'operator' }, { host: 'evil.example:3000' })).status,
    ).toBe(403);
    expect((await post('/console/alarm', { kind: 'storm' }, { 'x-console-token': '' })).status).toBe(403);
    expect((await post('/console/command', 'not json')).status).toBe(400);
    expect((await post('/console/command', { text: '', user: 'operator' })).status).toBe(400);
    expect((await post('/console/command', { text: '/setup', user: 'a b' })).status).toBe(400);
    expect((await post('/console/alarm', { kind: 'flood' })).status).toBe(400);
    expect(runCommand).not.toHaveBeenCalled();
    expect(fireAlarm).not.toHaveBeenCalled();
  });

  it('fires the sample alarm in the background and answers 202', async () => {
    const { post, fireAlarm } = setup();
    const response = await post('/console/alarm', { kind: 'single' });
    expect(response.status).toBe(202);
    expect(fireAlarm).toHaveBeenCalledWith('single');
  });

  it('starts the story once (202), answers 409 while it plays, and needs the token', async () => {
    const { post, startStory } = setup();
    expect((await post('/console/story', {}, { 'x-console-token': 'wrong' })).status).toBe(403);
    expect(startStory).not.toHaveBeenCalled();
    expect((await post('/console/story', {})).status).toBe(202);
    const busy = await post('/console/story', {});
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ reason: expect.stringContaining('already playing') });
  });

  it('serves the page with its token only on the loopback host, and the stream only with the token', async () => {
    const { app } = setup();
    const page = await app.request('/', { headers: { host: '127.0.0.1:3000' } });
    expect(await page.text()).toContain(`<meta name="console-token" content="${TOKEN}">`);
    expect((await app.request('/', { headers: { host: 'rebound.example' } })).status).toBe(403);
    expect((await app.request('/console/events', { headers: { host: '127.0.0.1:3000' } })).status).toBe(403);
  });
});
