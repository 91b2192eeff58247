/**
 * DingTalk Stream mode, for the local (or any long-running) bot: the bot connects out to DingTalk
 * over a WebSocket with the app's AppKey and AppSecret, and the robot's messages arrive on it — there
 * is no inbound door to expose, and nothing anyone else can forge or replay. Lambda, which cannot hold
 * a connection, keeps the signed HTTP callback (src/http/dingtalk-route.ts).
 * https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description
 *
 * DingTalk's own SDK (`dingtalk-stream`, open-dingtalk, MIT) opens the connection (gateway call, then
 * the WebSocket with its ticket), answers DingTalk's pings and reconnects; it is loaded only here, so
 * no Lambda bundle carries it. Each message is acknowledged after it is answered: DingTalk sends an
 * unacknowledged message again within a minute, and the msgId dedupe answers such a repeat without
 * running it twice.
 */
import { parseExternalJson } from '../../shared/json.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { describeIssues } from '../../shared/zod-issues.ts';
import type { Notice } from '../notice.ts';
import { answerRobotMessage, robotMessageSchema, type RobotMessage, type RobotMessageDeps } from './robot-message.ts';

export interface DingTalkStreamOptions extends RobotMessageDeps {
  /** The enterprise app's AppKey (DingTalk calls it clientId here) and AppSecret. */
  readonly appKey: string;
  readonly appSecret: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Posts the answer into the message's conversation (its sessionWebhook). */
  readonly reply: (message: RobotMessage, notice: Notice) => Promise<void>;
}

export interface DingTalkStream {
  close(): void;
}

/** Connects (and keeps reconnecting, as the SDK does) and answers every robot message that arrives. */
export async function connectDingTalkStream(options: DingTalkStreamOptions): Promise<DingTalkStream> {
  const { DWClient, TOPIC_ROBOT } = await import('dingtalk-stream');
  const client = new DWClient({ clientId: options.appKey, clientSecret: options.appSecret, keepAlive: true });
  const acknowledge = (messageId: string) => client.socketCallBackResponse(messageId, { ok: true });

  const handle = async (frame: { headers: { messageId: string }; data: string }) => {
    const { logger } = options;
    let message: RobotMessage;
    try {
      const parsed = robotMessageSchema.safeParse(parseExternalJson(frame.data));
      if (!parsed.success) throw new Error(describeIssues(parsed.error).join('; '));
      message = parsed.data;
    } catch (error) {
      logger.warn('dingtalk stream message refused', { streamMessageId: frame.headers.messageId, error });
      acknowledge(frame.headers.messageId);
      return;
    }
    try {
      const notice = await answerRobotMessage(message, options.clock.now(), options);
      await options.reply(message, notice);
    } catch (error) {
      logger.error('dingtalk stream message not answered', { msgId: message.msgId, error });
    }
    acknowledge(frame.headers.messageId);
  };

  // handle() catches everything itself: a failure is logged and the frame still acknowledged.
  client.registerCallbackListener(TOPIC_ROBOT, (frame) => {
    handle(frame).catch(() => undefined);
  });
  await client.connect();
  options.logger.info('dingtalk stream connecting', { appKey: options.appKey });
  return { close: () => client.disconnect() };
}
