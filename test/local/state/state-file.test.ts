/**
 * The local state file: its stores pass the same contracts as memory and DynamoDB, what they hold
 * survives a restart, a restart frees what the dead process held, and a second bot is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { admit, claimDigest, type LanePolicy } from '../../../src/chat/outbox/lane.ts';
import { SqliteAlarmHistory } from '../../../src/local/state/sqlite-alarm-history.ts';
import { SqliteAlarmJournal } from '../../../src/local/state/sqlite-alarm-journal.ts';
import { SqliteDeliveryStore } from '../../../src/local/state/sqlite-delivery-store.ts';
import { openStateFile, StateFileInUseError } from '../../../src/local/state/state-file.ts';
import { describeAlarmHistory } from '../../support/alarm-history-contract.ts';
import { describeAlarmMutes } from '../../support/alarm-mutes-contract.ts';
import { SqliteAlarmMutes } from '../../../src/local/state/sqlite-alarm-mutes.ts';
import { SqliteAlarmPosts } from '../../../src/local/state/sqlite-alarm-posts.ts';
import { ALARM_POST_TTL_MS } from '../../../src/chat/slack/alarm-posts.ts';
import { describeAlarmPosts } from '../../support/alarm-posts-contract.ts';
import { describeDeliveryStore } from '../../support/delivery-store-contract.ts';

const folder = mkdtempSync(join(tmpdir(), 'tcu-state-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const opened: DatabaseSync[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.isOpen) db.close();
});
function open(path: string): DatabaseSync {
  const db = openStateFile(path, 1000);
  opened.push(db);
  return db;
}

describeDeliveryStore('SqliteDeliveryStore', () => new SqliteDeliveryStore(open(':memory:'), () => 0));
describeAlarmHistory('SqliteAlarmHistory', () => new SqliteAlarmHistory(open(':memory:')));
describeAlarmMutes('SqliteAlarmMutes', () => new SqliteAlarmMutes(open(':memory:')));
describeAlarmPosts('SqliteAlarmPosts', () => new SqliteAlarmPosts(open(':memory:')));

const POLICY: LanePolicy = { limit: 20, windowMs: 60_000, soloLimit: 10, digestMaxEntries: 5, digestDelayMs: 0 };
const entry = (id: string) => ({
  id,
  severity: 'critical' as const,
  state: 'ALARM' as const,
  name: id,
  regionCode: 'us-east-1',
  atMs: 0,
});

describe('the state file across a restart', () => {
  it('keeps deliveries, lanes and the journal, and frees the claims and digests of the process that died', async () => {
    const path = join(folder, 'restart.sqlite');
    const before = open(path);
    const store = new SqliteDeliveryStore(before, () => 1000);
    await store.markDelivered(['dingtalk:ops|sent'], 999_999);
    expect(await store.claim('dingtalk:ops|posting', 'dead-owner', 1000, 999_999)).toBe('claimed');
    await store.updateLane('dingtalk:ops', (lane) =>
      admit(lane, entry('a'), 1, 1000, { ...POLICY, soloLimit: 0 }, { owner: 'dead-owner', leaseUntilMs: 999_999 }),
    );
    await store.updateLane('dingtalk:ops', (lane) =>
      claimDigest(lane, 1000, POLICY, { owner: 'dead-owner', leaseUntilMs: 999_999 }),
    );
    const journal = new SqliteAlarmJournal(before);
    const inbound = {
      id: 'alarm-1',
      topicArn: undefined,
      subject: undefined,
      sentAtMs: 5,
      content: { kind: 'message' as const, text: 'hi', note: undefined },
    };
    expect(journal.add({ inbound, alarmSinceMs: undefined, acceptedAtMs: 5 })).toBe(true);
    expect(journal.add({ inbound, alarmSinceMs: undefined, acceptedAtMs: 6 })).toBe(false);
    // A crash: the file is left as the process left it (no clean shutdown step exists to skip).
    before.close();

    const after = open(path);
    const again = new SqliteDeliveryStore(after, () => 2000);
    expect(await again.isDelivered('dingtalk:ops|sent', 2000)).toBe(true);
    expect(await again.claim('dingtalk:ops|posting', 'new-owner', 2000, 999_999)).toBe('claimed');
    const claim = await again.updateLane('dingtalk:ops', (lane) =>
      claimDigest(lane, 2000, POLICY, { owner: 'new-owner', leaseUntilMs: 999_999 }),
    );
    expect(claim).toEqual({ action: 'send-digest', entries: [entry('a')], again: true });
    expect(new SqliteAlarmJournal(after).entries()).toEqual([{ inbound, acceptedAtMs: 5 }]);
  });

  it('keeps an alarm message across a restart, and drops those past their expiry on the next write', async () => {
    const path = join(folder, 'posts.sqlite');
    const post = { channel: 'C1', ts: '1.1', text: 't', blocks: [] };
    const first = open(path);
    await new SqliteAlarmPosts(first).remember('old', post, 1000);
    await new SqliteAlarmPosts(first).remember('kept', post, 5_000_000);
    first.close();
    const again = open(path);
    const posts = new SqliteAlarmPosts(again);
    expect(await posts.find('kept', 2000)).toEqual(post);
    await posts.remember('new', post, 1000 + ALARM_POST_TTL_MS + 1);
    expect(Number((again.prepare('SELECT count(*) AS n FROM slack_posts').get() as { n: number }).n)).toBe(2);
    again.close();
  });

  it('refuses a second process on the same file by name', () => {
    const path = join(folder, 'exclusive.sqlite');
    open(path);
    expect(() => open(path)).toThrow(StateFileInUseError);
  });
});
