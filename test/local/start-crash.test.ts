/**
 * The bot killed mid-storm (SIGKILL: no shutdown step runs) and started again on the same state file.
 * A storm of alarms goes to `npm start`'s /dev/alarm the way SNS delivers (retried until answered 2xx)
 * into a loopback DingTalk robot that misbehaves as networks do (5xx, answers after our timeout) and
 * drops a repeated msgUuid as DingTalk documents. The bot is killed twice at the worst moments: right
 * after the robot posted a single alarm and before it answered, and the same for the first digest.
 * Every alarm must be named in exactly one posted message.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteAlarmJournal } from '../../src/local/state/sqlite-alarm-journal.ts';
import { openStateFile } from '../../src/local/state/state-file.ts';
import { anAlarm } from '../support/builders.ts';
import { startBot, type StartedBot } from '../support/npm-start.ts';
import { dingTalkText } from '../support/chat-servers.ts';

const folder = mkdtempSync(join(tmpdir(), 'tcu-crash-'));
const bots: StartedBot[] = [];
afterAll(() => {
  for (const bot of bots) bot.child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

const ALARMS = Array.from({ length: 120 }, (_, index) => `crash-storm-${String(index).padStart(3, '0')}`);
const NAME = /crash-storm-\d{3}/g;
const TIMEOUT_MS = 1000;

type RobotBody = { msgUuid?: string } & Record<string, unknown>;

/** A DingTalk robot on loopback: posts each msgUuid once, and calls `crashPoint` before it answers. */
function robot(crashPoint: (names: Set<string>, request: number) => boolean) {
  const posted: Set<string>[] = [];
  const seen = new Set<string>();
  let requests = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const number = ++requests;
      if (number % 5 === 0) {
        response.writeHead(503).end('busy');
        return;
      }
      const body = JSON.parse(text) as RobotBody;
      const names = new Set(dingTalkText(body).match(NAME) ?? []);
      if (process.env.DEBUG_CRASH)
        console.log(number, body.msgUuid, seen.has(body.msgUuid ?? ''), [...names].join(' ').slice(0, 120));
      if (!body.msgUuid || !seen.has(body.msgUuid)) posted.push(names);
      if (body.msgUuid) seen.add(body.msgUuid);
      if (crashPoint(names, number)) return; // the bot dies before our answer reaches it
      const answer = () =>
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      if (number % 7 === 0) setTimeout(answer, TIMEOUT_MS * 2);
      else answer();
    });
  });
  return { server, posted };
}

async function postUntilAccepted(current: () => StartedBot, body: string): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${current().url}dev/alarm`, { method: 'POST', body });
      if (response.status === 202) return;
    } catch {
      // The bot is down: SNS retries, so do we.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('npm start killed mid-storm', () => {
  it('names every alarm in exactly one posted message after two crashes and restarts', async () => {
    let bot: StartedBot;
    let crashes = 0;
    let restarting: Promise<void> = Promise.resolve();
    const start = async () => {
      bot = await startBot(folder, {
        DINGTALK_WEBHOOK_URL: `http://127.0.0.1:${(sink.server.address() as AddressInfo).port}/robot/send?access_token=t`,
        SEND_TIMEOUT_MS: String(TIMEOUT_MS),
      });
      bots.push(bot);
    };
    const crash = () => {
      crashes++;
      const dying = bot;
      dying.child.kill('SIGKILL');
      restarting = dying.exited.then(start);
    };
    let solosPosted = 0;
    const sink = robot((names) => {
      if (names.size === 1) solosPosted++;
      if (crashes === 0 && solosPosted === 3) crash();
      else if (crashes === 1 && names.size > 1) crash();
      else return false;
      return true;
    });
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    try {
      await start();
      const at = new Date().toISOString().replace('Z', '+0000');
      await Promise.all(ALARMS.map((name) => postUntilAccepted(() => bot, anAlarm().named(name).at(at).text())));

      // Until the bot says every acknowledged alarm is delivered (the console's feed included).
      const deadline = Date.now() + 180_000;
      for (;;) {
        await restarting;
        let health: { alarmsToDeliver: number };
        try {
          health = (await (await fetch(`${bot!.url}healthz`)).json()) as { alarmsToDeliver: number };
        } catch {
          // Killed between the restart we awaited and this request (the robot's crash came meanwhile).
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        if (health.alarmsToDeliver === 0 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      bot!.child.kill('SIGINT');
      expect(await bot!.exited).toBe(0);

      expect(crashes).toBe(2);
      const counts = new Map<string, number>();
      for (const names of sink.posted) for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
      expect([...counts.keys()].sort()).toEqual(ALARMS);
      expect([...counts].filter(([, count]) => count !== 1)).toEqual([]);
      const state = openStateFile(join(folder, 'bot-state.sqlite'), Date.now());
      expect(new SqliteAlarmJournal(state).entries()).toEqual([]);
      state.close();
    } finally {
      sink.server.closeAllConnections();
      sink.server.close();
    }
  }, 240_000);
});
