/** createApp(deps): the Hono routes, nothing else. Which routes exist depends only on deps. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Outbox } from './chat/outbox/outbox.ts';
import { devAlarmRoute } from './http/dev-alarm-route.ts';
import { dingTalkRoute, type DingTalkRouteDeps } from './http/dingtalk-route.ts';
import { problem } from './http/problem.ts';
import { slackRoute, type SlackRouteDeps } from './http/slack-route.ts';
import { snsRoute, type SnsRouteDeps } from './http/sns-route.ts';
import type { Logger } from './shared/logger.ts';

export interface AppDeps extends SnsRouteDeps {
  readonly outbox: Outbox;
  readonly logger: Logger;
  /** Local mode only: unsigned test routes such as POST /dev/alarm. Never true on Lambda. */
  readonly hasDevRoutes: boolean;
  /** POST /dingtalk/events, when the enterprise robot is configured. */
  readonly dingtalk: DingTalkRouteDeps | undefined;
  /** POST /slack/events, when the Slack app is configured. */
  readonly slack: SlackRouteDeps | undefined;
  /** Local mode only: the console page's routes (GET /, /console/*), built by src/local. */
  readonly console?: Hono | undefined;
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

const loopbackOnly: MiddlewareHandler = async (c, next) => {
  // Node's server builds the URL from the Host header; in-process requests (tests) carry it in the URL.
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  if (!host || !LOOPBACK_HOST.test(host))
    return problem(c, 403, 'forbidden', 'the local server answers on its loopback address only');
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== `http://${host}`)
    return problem(c, 403, 'forbidden', `cross-site request from ${origin} refused`);
  await next();
};

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  // The local server answers only requests addressed to it on loopback, and none a web page elsewhere
  // made the browser send (CSRF, DNS rebinding). Lambda sits behind API Gateway and has no such routes.
  if (deps.hasDevRoutes) app.use(loopbackOnly);
  // Locally it also says how many acknowledged alarms are still to be delivered.
  app.get('/healthz', (c) => c.json(deps.intake ? { ok: true, alarmsToDeliver: deps.intake.pending() } : { ok: true }));
  app.route('/sns', snsRoute(deps));
  if (deps.hasDevRoutes) app.route('/dev/alarm', devAlarmRoute(deps));
  if (deps.dingtalk) app.route('/dingtalk/events', dingTalkRoute(deps.dingtalk));
  if (deps.slack) app.route('/slack/events', slackRoute(deps.slack));
  if (deps.console && deps.hasDevRoutes) app.route('/', deps.console);
  app.notFound((c) => problem(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    deps.logger.error('request failed', { path: c.req.path, error });
    return problem(c, 500, 'internal', 'internal error; see the logs');
  });
  return app;
}
