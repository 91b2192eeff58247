import { describe, expect, it } from 'vitest';
import {
  renderBlockKit,
  renderDingTalkButtons,
  renderDingTalkMarkdown,
  renderMrkdwn,
} from '../../../src/local/console/render-html.ts';
import { renderDingTalkMarkdown as dingTalkBody } from '../../../src/chat/dingtalk/render.ts';
import { renderSlackMessage } from '../../../src/chat/slack/render.ts';
import type { Notice } from '../../../src/chat/notice.ts';

describe('renderDingTalkMarkdown (page)', () => {
  it('draws headings, bold, lists, links, quotes and tables', () => {
    const html = renderDingTalkMarkdown(
      '### Title\n\n**bold** text\n\n- a\n- b\n\n1. one\n2. two\n\n[console](https://console.aws.amazon.com/?a=1&b=2)\n\n> note\n\n| q | ms |\n|---|---|\n| sql1 | 12 |',
    );
    expect(html).toContain('<h4>Title</h4>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<ul><li>a</li><li>b</li></ul>');
    expect(html).toContain('<ol><li>one</li><li>two</li></ol>');
    expect(html).toContain(
      '<a href="https://console.aws.amazon.com/?a=1&#38;b=2" target="_blank" rel="noopener noreferrer">console</a>',
    );
    expect(html).toContain('<blockquote>note</blockquote>');
    expect(html).toContain(
      '<table><thead><tr><th>q</th><th>ms</th></tr></thead><tbody><tr><td>sql1</td><td>12</td></tr></tbody></table>',
    );
  });

  it("draws an ActionCard's buttons, escaped, with only http(s) links live", () => {
    const html = renderDingTalkButtons([
      { title: 'Open <console>', url: 'https://console.aws.amazon.com/x?a=1&b=2' },
      { title: 'bad', url: 'javascript:alert(1)' },
    ]);
    expect(html).toBe(
      '<div class="dt-buttons"><a class="dt-button" href="https://console.aws.amazon.com/x?a=1&#38;b=2" target="_blank" rel="noopener noreferrer">Open &#60;console&#62;</a><span class="dt-button">bad</span></div>',
    );
  });

  it('escapes markup and refuses non-http links', () => {
    const html = renderDingTalkMarkdown('<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&#60;img');
  });
});

describe('renderMrkdwn and renderBlockKit', () => {
  it('turns Slack mrkdwn into HTML, with Slack’s entities shown as characters', () => {
    expect(renderMrkdwn('*bold* _it_ ~gone~ `x` <https://a.example/?q=1&amp;r=2|link> OK -&gt; ALARM')).toBe(
      '<strong>bold</strong> <em>it</em> <del>gone</del> <code>x</code> <a href="https://a.example/?q=1&#38;r=2" target="_blank" rel="noopener noreferrer">link</a> OK -&#62; ALARM',
    );
    expect(renderMrkdwn('<javascript:alert(1)|click>')).toBe('click');
    expect(renderMrkdwn('<b>hi</b> & more')).not.toContain('<b>');
  });

  it('draws every block the bot sends, from a real rendered notice', () => {
    const notice: Notice = {
      severity: 'critical',
      state: 'ALARM',
      title: 'QueryTCU high',
      summary: 'QueryTCU high',
      subject: 'TimestreamQueryTCUHigh',
      facts: [
        { label: 'State', value: 'ALARM' },
        { label: 'Region', value: 'ap-northeast-1' },
      ],
      sections: [{ heading: 'Next steps', lines: ['Check the load'], isOrdered: true }],
      links: [{ label: 'Open in CloudWatch', url: 'https://console.aws.amazon.com/cloudwatch/home' }],
      footer: 'UTC',
    } as unknown as Notice;
    const slack = renderSlackMessage(notice, 'en');
    const html = renderBlockKit(slack.blocks, slack.text);
    expect(html).toContain('class="bk-header"');
    expect(html).toContain('QueryTCU high');
    expect(html).toContain('ap-northeast-1');
    expect(html).toContain('<a class="bk-button" href="https://console.aws.amazon.com/cloudwatch/home"');
    expect(html).not.toContain('bk-unknown');
    expect(renderDingTalkMarkdown(dingTalkBody(notice, { locale: 'en' }).markdown.text)).toContain('QueryTCU high');
  });
});
