/**
 * `tcu-bot chat "<command text>" [--as USER] [--dingtalk] [--wait] [--url http://127.0.0.1:3000]`:
 * sends a correctly signed Slack slash command (or, with --dingtalk, a DingTalk callback) to the
 * running local bot and prints the replies as they arrive. The reply address is a small server this
 * command runs on 127.0.0.1 (loopback reply addresses are accepted in local mode only); with --wait it
 * keeps listening until the job it started posts its final report.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isJobStartedAnswer } from '../commands/command-strings.ts';
import type { Config } from '../config.ts';
import { JOB_KINDS } from '../jobs/job.ts';
import { isFinalReportTitle } from '../lab/lab-strings.ts';
import { UsageError } from './usage-error.ts';

export interface ChatArgs {
  readonly text: string;
  readonly as: string;
  readonly dingtalk: boolean;
  readonly wait: boolean;
  readonly url: string;
  readonly timeoutMs: number;
}

function textOf(body: unknown): string {
  const value = body as {
    text?: string;
    markdown?: { text?: string };
    blocks?: { text?: { text?: string }; fields?: { text: string }[] }[];
  };
  if (value.markdown?.text) return value.markdown.text;
  const blocks = (value.blocks ?? [])
    .flatMap((block) => [block.text?.text, ...(block.fields ?? []).map((field) => field.text)])
    .filter(Boolean);
  return blocks.length > 0 ? blocks.join('\n') : (value.text ?? JSON.stringify(body));
}

export async function chatCommand(args: ChatArgs, config: Config, print: (text: string) => void): Promise<number> {
  const secret = args.dingtalk ? config.commands.dingtalkAppSecret : config.commands.slackSigningSecret;
  if (!secret)
    throw new UsageError(
      `${args.dingtalk ? 'DINGTALK_APP_SECRET' : 'SLACK_SIGNING_SECRET'} must be set (the same value the bot runs with)`,
    );

  let resolveFinal: () => void = () => undefined;
  const final = new Promise<void>((resolve) => (resolveFinal = resolve));
  const replies = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = textOf(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      print(`\n── reply ──\n${text}`);
      if (isFinalReportTitle(text.split('\n')[0] ?? '', JOB_KINDS)) resolveFinal();
      response.writeHead(200, { 'content-type': 'application/json' });
      // Both platforms' reply formats: DingTalk's errcode, Slack's plain "ok".
      response.end(args.dingtalk ? '{"errcode":0,"errmsg":"ok"}' : 'ok');
    });
  });
  await new Promise<void>((resolve) => replies.listen(0, '127.0.0.1', resolve));
  const replyUrl = `http://127.0.0.1:${(replies.address() as AddressInfo).port}/reply`;
  try {
    let response: Response;
    try {
      response = args.dingtalk ? await sendDingTalk(args, secret, replyUrl) : await sendSlack(args, secret, replyUrl);
    } catch {
      // Connection refused (or reset): the bot is not running there. Say so, not the fetch stack.
      print(`no bot at ${args.url} — is \`npm start\` running? (or pass --url)`);
      return 1;
    }
    const body = await response.text();
    if (!response.ok) {
      print(`the bot answered HTTP ${response.status}: ${body}`);
      return 1;
    }
    const answer = textOf(JSON.parse(body));
    print(answer);
    if (args.wait && isJobStartedAnswer(answer)) {
      const timedOut = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), args.timeoutMs).unref(),
      );
      if ((await Promise.race([final.then(() => 'final' as const), timedOut])) === 'timeout') {
        print(`no final report within ${Math.round(args.timeoutMs / 1000)} s`);
        return 1;
      }
    }
    return 0;
  } finally {
    replies.close();
  }
}

function sendSlack(args: ChatArgs, secret: string, replyUrl: string): Promise<Response> {
  const [command = '', ...rest] = args.text.trim().split(/\s+/);
  const body = new URLSearchParams({
    team_id: 'T0LOCAL',
    channel_id: 'C0LOCAL',
    user_id: args.as,
    user_name: args.as,
    command: command.startsWith('/') ? command : `/${command}`,
    text: rest.join(' '),
    response_url: replyUrl,
    trigger_id: randomUUID(),
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return fetch(`${args.url}/slack/events`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-signature': signature,
      'x-slack-request-timestamp': String(timestamp),
    },
  });
}

function sendDingTalk(args: ChatArgs, secret: string, replyUrl: string): Promise<Response> {
  const timestamp = Date.now();
  const body = JSON.stringify({
    msgtype: 'text',
    text: { content: ` ${args.text}` },
    msgId: randomUUID(),
    createAt: timestamp,
    conversationType: '2',
    conversationId: 'cid-local',
    senderStaffId: args.as,
    senderNick: args.as,
    sessionWebhook: replyUrl,
    sessionWebhookExpiredTime: timestamp + 90 * 60_000,
  });
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return fetch(`${args.url}/dingtalk/events`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', timestamp: String(timestamp), sign },
  });
}
