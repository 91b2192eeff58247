/** The languages the bot speaks. DingTalk answers in zh-CN by default, Slack in English. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Which language each platform's messages use (DINGTALK_LOCALE, SLACK_LOCALE). */
export interface PlatformLocales {
  readonly dingtalk: Locale;
  readonly slack: Locale;
}
