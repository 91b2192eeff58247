/**
 * The platform-neutral message every sender renders: alarms, digests, replies and reports all become a
 * Notice first, already in the destination's language. Renderers (DingTalk markdown, Slack Block Kit)
 * decide layout only.
 */
import type { AlarmState } from '../alarms/alarm-state.ts';

export type Severity = 'critical' | 'warning' | 'recovery' | 'info';

export interface Fact {
  readonly label: string;
  readonly value: string;
  /** Free text (descriptions, reasons) that renderers shorten first when a message is too big. */
  readonly isLong?: boolean;
}

export interface NoticeSection {
  readonly heading: string;
  readonly lines: readonly string[];
  readonly isOrdered?: boolean;
}

export interface Notice {
  readonly severity: Severity;
  /** The alarm state it reports, when it reports one: decides who gets @-mentioned. */
  readonly state: AlarmState | undefined;
  /** One line for chat-list previews and push notifications. */
  readonly summary: string;
  /** The heading, e.g. `【紧急】🚨 告警触发`. */
  readonly title: string;
  /** The subject under the heading, e.g. the alarm name. */
  readonly subject: string | undefined;
  readonly facts: readonly Fact[];
  readonly sections: readonly NoticeSection[];
  readonly links: readonly { readonly label: string; readonly url: string }[];
  /**
   * The alarm it reports, by its identity across state changes (ARN, else region and name): Slack keeps
   * an alarm's messages in one thread and offers buttons on it. `resolved`: the line its ALARM message
   * gets once this (recovery) message is posted.
   */
  readonly alarm?: { readonly key: string; readonly name: string; readonly resolved?: string } | undefined;
  /** Pages no one (a muted alarm): renderers leave out @-mentions. */
  readonly quiet?: boolean | undefined;
  /** A picture that goes with the message (an alarm's metric graph): DingTalk markdown image, Slack image block. */
  readonly image?: { readonly url: string; readonly alt: string } | undefined;
  /** A small closing line (times, provenance). */
  readonly footer: string | undefined;
}

/** A notice that reports no alarm state: a reply, a report, a progress line (only what is given). */
export function plainNotice(parts: {
  readonly title: string;
  readonly summary?: string;
  readonly severity?: Severity;
  readonly facts?: readonly Fact[];
  readonly sections?: readonly NoticeSection[];
  readonly links?: Notice['links'];
  readonly footer?: string | undefined;
}): Notice {
  return {
    severity: parts.severity ?? 'info',
    state: undefined,
    summary: parts.summary ?? parts.title,
    title: parts.title,
    subject: undefined,
    facts: parts.facts ?? [],
    sections: parts.sections ?? [],
    links: parts.links ?? [],
    footer: parts.footer,
  };
}

/**
 * The compact form of a message kept while it waits for a digest. Serializable, because it sits in the
 * shared delivery state (memory locally, DynamoDB on Lambda) until a digest carries it.
 */
export interface DigestEntry {
  readonly id: string;
  readonly severity: Severity;
  /** `ALARM`, `OK`, `INSUFFICIENT_DATA`, or `MESSAGE` for anything else. */
  readonly state: AlarmState | 'MESSAGE';
  readonly name: string;
  readonly regionCode: string | undefined;
  readonly atMs: number;
  /** A muted alarm's message: it goes to the digest, never alone, and pages no one. */
  readonly muted?: boolean;
}
