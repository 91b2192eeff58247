import { SNSClient } from '@aws-sdk/client-sns';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { SnsJobQueue } from '../../src/jobs/sns-job-queue.ts';
import { mswServer } from '../support/msw.ts';
import { aJob } from './job-store-contract.ts';

const TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:tcu-bot-jobs';
const job = aJob('job-1', {
  replyTo: {
    kind: 'slack-response-url',
    url: 'https://hooks.slack.com/commands/T1/2/3',
    expiresAtMs: 1_800_001,
    channelId: 'C1',
  },
});

describe('SnsJobQueue', () => {
  it('publishes the job to the jobs topic (SNS query protocol, XML reply)', async () => {
    let form: URLSearchParams | undefined;
    mswServer.use(
      http.post('https://sns.ap-northeast-1.amazonaws.com/', async ({ request }) => {
        expect(request.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
        form = new URLSearchParams(await request.text());
        return HttpResponse.xml(
          '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult><ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata></PublishResponse>',
        );
      }),
    );
    const client = new SNSClient({
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    await new SnsJobQueue(client, TOPIC).enqueue(job);
    expect(form?.get('Action')).toBe('Publish');
    expect(form?.get('Version')).toBe('2010-03-31');
    expect(form?.get('TopicArn')).toBe(TOPIC);
    expect(JSON.parse(form?.get('Message') ?? '{}')).toEqual(JSON.parse(JSON.stringify(job)));
    expect(form?.get('MessageAttributes.entry.1.Name')).toBe('kind');
    expect(form?.get('MessageAttributes.entry.1.Value.StringValue')).toBe('loadtest');
  });

  it('surfaces a refusal as the SDK error', async () => {
    mswServer.use(
      http.post('https://sns.ap-northeast-1.amazonaws.com/', () =>
        HttpResponse.xml(
          '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not authorized to publish</Message></Error><RequestId>x</RequestId></ErrorResponse>',
          { status: 403 },
        ),
      ),
    );
    const client = new SNSClient({
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    await expect(new SnsJobQueue(client, TOPIC).enqueue(job)).rejects.toMatchObject({
      name: 'AuthorizationErrorException',
    });
  });
});
