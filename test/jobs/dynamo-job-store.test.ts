import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeEach } from 'vitest';
import { DynamoJobStore } from '../../src/jobs/dynamo-job-store.ts';
import { dynamoDbFake } from '../support/dynamodb-fake.ts';
import { mswServer } from '../support/msw.ts';
import { describeJobStore } from './job-store-contract.ts';

beforeEach(() => {
  mswServer.use(dynamoDbFake().handler);
});

describeJobStore('DynamoJobStore (DynamoDB wire format through msw)', () => {
  const client = new DynamoDBClient({ region: 'ap-northeast-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
  return new DynamoJobStore(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), 'tcu-bot-state');
});
