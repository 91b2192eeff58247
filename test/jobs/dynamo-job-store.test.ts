import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../src/jobs/dynamo-job-store.ts';
import { dynamoDbFake, testDocumentClient, transactionCanceled } from '../support/dynamodb-fake.ts';
import { mswServer } from '../support/msw.ts';
import { aJob, describeJobStore } from './job-store-contract.ts';

let fake: ReturnType<typeof dynamoDbFake>;

beforeEach(() => {
  fake = dynamoDbFake();
  mswServer.use(fake.handler);
});

describeJobStore('DynamoJobStore (DynamoDB wire format through msw)', () => {
  return new DynamoJobStore(testDocumentClient(), 'tcu-bot-state');
});

describe('DynamoJobStore across kinds', () => {
  it('refuses a load test when data generation starts between its check and its claim', async () => {
    const store = new DynamoJobStore(testDocumentClient(), 'tcu-bot-state');
    let raced = false;
    // Runs before the fake: the moment the load test sends its claim, a generation starts first.
    mswServer.use(
      http.post('https://dynamodb.ap-northeast-1.amazonaws.com/', async ({ request }) => {
        if (raced || request.headers.get('x-amz-target') !== 'DynamoDB_20120810.TransactWriteItems') return undefined;
        raced = true;
        expect(await store.start(aJob('g', { kind: 'datagen' }), 'r-gen')).toMatchObject({ started: true });
        return undefined;
      }),
    );
    const outcome = await store.start(aJob('l'), 'r-load', { blockedBy: ['datagen'] });
    expect(raced).toBe(true);
    expect(outcome).toMatchObject({ started: false, reason: 'blocked', job: { id: 'g' } });
    expect(await store.latest('loadtest')).toBeUndefined();
    expect(fake.calls).toContain('TransactWriteItems');
  });

  it('forgets the request id of a start that failed midway, so its retry can start', async () => {
    const store = new DynamoJobStore(testDocumentClient(), 'tcu-bot-state');
    let failed = false;
    mswServer.use(
      http.post('https://dynamodb.ap-northeast-1.amazonaws.com/', ({ request }) => {
        if (failed || request.headers.get('x-amz-target') !== 'DynamoDB_20120810.TransactWriteItems') return undefined;
        failed = true;
        return HttpResponse.json(
          { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' },
          { status: 500, headers: { 'content-type': 'application/x-amz-json-1.0' } },
        );
      }),
    );
    await expect(store.start(aJob('l'), 'r-once', { blockedBy: ['datagen'] })).rejects.toMatchObject({
      name: 'InternalServerError',
    });
    expect(await store.start(aJob('l'), 'r-once', { blockedBy: ['datagen'] })).toMatchObject({
      started: true,
      job: { id: 'l' },
    });
  });

  /** Answers the next `times` claims with a cancellation: another transaction holds the claimed slot. */
  function conflictingTransactions(times: number): { seen: () => number } {
    let conflicts = 0;
    mswServer.use(
      http.post('https://dynamodb.ap-northeast-1.amazonaws.com/', async ({ request }) => {
        if (conflicts >= times || request.headers.get('x-amz-target') !== 'DynamoDB_20120810.TransactWriteItems')
          return undefined;
        conflicts += 1;
        const { TransactItems } = (await request.clone().json()) as { TransactItems: unknown[] };
        return transactionCanceled(
          TransactItems.map((_, index) => (index === TransactItems.length - 1 ? 'TransactionConflict' : 'None')),
        );
      }),
    );
    return { seen: () => conflicts };
  }

  it('tries a claim again when its transaction met another on the same item', async () => {
    const store = new DynamoJobStore(testDocumentClient(), 'tcu-bot-state');
    const conflicts = conflictingTransactions(2);
    expect(await store.start(aJob('l'), 'r-conflict', { blockedBy: ['datagen'] })).toMatchObject({
      started: true,
      job: { id: 'l' },
    });
    expect(conflicts.seen()).toBe(2);
    expect(await store.latest('loadtest')).toMatchObject({ id: 'l' });
  });

  it('gives up after a few conflicts, leaving nothing behind, so the same request can start later', async () => {
    const store = new DynamoJobStore(testDocumentClient(), 'tcu-bot-state');
    const conflicts = conflictingTransactions(4);
    await expect(store.start(aJob('l'), 'r-busy', { blockedBy: ['datagen'] })).rejects.toMatchObject({
      name: 'TransactionCanceledException',
    });
    expect(conflicts.seen()).toBe(4);
    expect(await store.latest('loadtest')).toBeUndefined();
    expect(await store.start(aJob('l'), 'r-busy', { blockedBy: ['datagen'] })).toMatchObject({
      started: true,
      job: { id: 'l' },
    });
  });
});
