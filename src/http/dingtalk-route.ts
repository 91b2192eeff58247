/**
 * POST /dingtalk/events — the DingTalk enterprise robot's HTTP callback, for Lambda (the local bot can
 * use Stream mode instead: src/chat/dingtalk/stream.ts). The `timestamp`/`sign` headers are verified,
 * and each pair accepted once, before anything is read; then the message becomes a command
 * (robot-message.ts). Quick answers go back in the response body; a job's progress and report follow
 * through the session webhook (https://open.dingtalk.com/document/isvapp/receive-message).
 */
import { parseExternalJson } from '../shared/json.ts';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { renderDingTalkMarkdown } from '../chat/dingtalk/render.ts';
import { DINGTALK_WINDOW_MS, verifyDingTalk } from '../chat/dingtalk/verify.ts';
import { answerRobotMessage, robotMessageSchema, type RobotMessageDeps } from '../chat/dingtalk/robot-message.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { describeIssues } from '../shared/zod-issues.ts';
import { problem } from './problem.ts';

export interface DingTalkRouteDeps extends RobotMessageDeps {
  readonly appSecret: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function dingTalkRoute(deps: DingTalkRouteDeps): Hono {
  const route = new Hono();
  route.post(
    '/',
    bodyLimit({ maxSize: 64 * 1024, onError: (c) => problem(c, 413, 'too_large', 'body over 64 KB') }),
    async (c) => {
      const verdict = verifyDingTalk({
        timestamp: c.req.header('timestamp'),
        sign: c.req.header('sign'),
        appSecret: deps.appSecret,
        nowMs: deps.clock.now(),
      });
      if (!verdict.ok) {
        deps.logger.warn('dingtalk callback refused', { reason: verdict.reason });
        return problem(c, 401, 'unauthorized', verdict.reason);
      }
      // The signature covers the timestamp only: a pair seen before is a replay, whatever the body.
      const now = deps.clock.now();
      if (
        !(await deps.firstUse(
          `dingtalk-sign|${c.req.header('timestamp')}|${c.req.header('sign')}`,
          now + DINGTALK_WINDOW_MS,
        ))
      ) {
        deps.logger.warn('dingtalk callback refused', { reason: 'header pair used before' });
        return problem(c, 401, 'unauthorized', 'this timestamp/sign pair was used before (replayed)');
      }
      let value: unknown;
      try {
        value = parseExternalJson(await c.req.text());
      } catch {
        return problem(c, 400, 'malformed', 'body is not JSON');
      }
      const parsed = robotMessageSchema.safeParse(value);
      if (!parsed.success) return problem(c, 400, 'malformed', describeIssues(parsed.error).join('; '));
      const notice = await answerRobotMessage(parsed.data, now, deps);
      return c.json(renderDingTalkMarkdown(notice, { locale: deps.locale }));
    },
  );
  return route;
}
