/**
 * Local mode: every message also goes to the terminal, as the DingTalk markdown text a group would see,
 * so `npm start` shows the product working with no chat platform configured.
 */
import type { Locale } from '../shared/locale.ts';
import { renderDingTalkMarkdown } from '../chat/dingtalk/render.ts';
import { UNLIMITED, type Destination, type OutboundMessage, type SendResult } from '../chat/destination.ts';
import type { Notice } from '../chat/notice.ts';

/** A message in the terminal, between rules, as every local destination prints it. */
export function printFramed(write: (text: string) => void, text: string): void {
  const rule = '─'.repeat(60);
  write(`\n${rule}\n${text}\n${rule}\n`);
}

export class ConsoleDestination implements Destination {
  readonly id = 'console:stdout';
  readonly kind = 'console' as const;
  readonly rate = UNLIMITED;

  constructor(
    readonly locale: Locale,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  /** A terminal takes a message of any length. */
  fitsWhole(): boolean {
    return true;
  }

  render(notice: Notice, key: string): OutboundMessage[] {
    return [{ key, body: renderDingTalkMarkdown(notice, { locale: this.locale }).markdown }];
  }

  send(message: OutboundMessage): Promise<SendResult> {
    printFramed(this.write, (message.body as { text: string }).text);
    return Promise.resolve({ ok: true });
  }
}
