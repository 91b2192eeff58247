/** The AlarmPosts contract, run against every implementation (memory, DynamoDB, the local state file). */
import { describe, expect, it } from 'vitest';
import type { AlarmPost, AlarmPosts } from '../../src/chat/slack/alarm-posts.ts';

const POST: AlarmPost = {
  channel: 'C0123ALERTS',
  ts: '1748426401.000101',
  text: '[ALARM] TimestreamQueryTCUHigh ALARM',
  blocks: [{ type: 'header', text: { type: 'plain_text', text: '🚨 告警触发', emoji: true } }],
};

export function describeAlarmPosts(name: string, make: () => AlarmPosts) {
  describe(`${name} honours the AlarmPosts contract`, () => {
    it('keeps a message until it expires or is forgotten, as it was given', async () => {
      const posts = make();
      await posts.remember('alerts|arn:a', POST, 5000);
      expect(await posts.find('alerts|arn:a', 4999)).toEqual(POST);
      expect(await posts.find('alerts|arn:a', 5000)).toBeUndefined();
      expect(await posts.find('alerts|arn:b', 1000)).toBeUndefined();
      await posts.forget('alerts|arn:a');
      expect(await posts.find('alerts|arn:a', 1000)).toBeUndefined();
      await posts.forget('alerts|never-there');
    });

    it('a later version replaces the earlier one, acknowledgement included', async () => {
      const posts = make();
      await posts.remember('k', POST, 5000);
      const acknowledged: AlarmPost = { ...POST, blocks: [], acknowledged: { by: 'slack:U0ALICE', atMs: 1200 } };
      await posts.remember('k', acknowledged, 9000);
      expect(await posts.find('k', 6000)).toEqual(acknowledged);
    });
  });
}
