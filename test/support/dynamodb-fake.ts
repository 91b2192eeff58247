/**
 * DynamoDB as msw answers it, in its real wire format (AWS JSON 1.0, `x-amz-target:
 * DynamoDB_20120810.<Op>`, AttributeValue maps, `__type` …#ConditionalCheckFailedException on 400):
 * GetItem, PutItem, UpdateItem (SET/REMOVE), DeleteItem and TransactWriteItems (all or nothing,
 * TransactionCanceledException with one CancellationReason per item), with the few condition
 * expressions the stores use. A fake for a service we cannot run here, not a general DynamoDB.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { http, HttpResponse } from 'msw';

type AttributeValue = {
  S?: string;
  N?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
};
type Item = Record<string, AttributeValue>;

/** Messages DynamoDB gives with each cancellation reason. */
const CANCELLATION_MESSAGES: Record<string, string> = {
  ConditionalCheckFailed: 'The conditional request failed',
  TransactionConflict: 'Transaction is ongoing for the item',
};

/** A TransactWriteItems cancellation as DynamoDB sends it: one reason per item, in order. */
export function transactionCanceled(codes: readonly string[]) {
  return HttpResponse.json(
    {
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
      CancellationReasons: codes.map((Code) =>
        Code === 'None' ? { Code } : { Code, Message: CANCELLATION_MESSAGES[Code] ?? Code },
      ),
    },
    { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' } },
  );
}

export function dynamoDbFake(region = 'ap-northeast-1') {
  const tables = new Map<string, Map<string, Item>>();
  const calls: string[] = [];
  const table = (name: string) => tables.get(name) ?? tables.set(name, new Map()).get(name)!;
  const same = (a: AttributeValue | undefined, b: AttributeValue | undefined) =>
    JSON.stringify(a) === JSON.stringify(b);

  /** The condition grammar the stores use: attribute_(not_)exists(x), x = :v, x > :n and x < :n (numbers), joined by OR. */
  function holds(condition: string | undefined, item: Item | undefined, values: Item = {}): boolean {
    if (!condition) return true;
    return condition.split(/\s+OR\s+/).some((part) => {
      const exists = /^attribute_(not_)?exists\((\w+)\)$/.exec(part.trim());
      if (exists) return exists[1] ? item?.[exists[2]!] === undefined : item?.[exists[2]!] !== undefined;
      const equals = /^(\w+) = (:\w+)$/.exec(part.trim());
      if (equals) return item !== undefined && same(item[equals[1]!], values[equals[2]!]);
      const greater = /^(\w+) > (:\w+)$/.exec(part.trim());
      if (greater)
        return item?.[greater[1]!]?.N !== undefined && Number(item[greater[1]!]!.N) > Number(values[greater[2]!]?.N);
      const less = /^(\w+) < (:\w+)$/.exec(part.trim());
      if (less) return item?.[less[1]!]?.N !== undefined && Number(item[less[1]!]!.N) < Number(values[less[2]!]?.N);
      throw new Error(`fake DynamoDB cannot evaluate ${part}`);
    });
  }

  const failed = () =>
    HttpResponse.json(
      {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      },
      { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0' } },
    );
  const ok = (body: Record<string, unknown>) =>
    HttpResponse.json(body as never, { headers: { 'content-type': 'application/x-amz-json-1.0' } });

  interface Request {
    TableName: string;
    Key?: Item;
    Item?: Item;
    ConditionExpression?: string;
    UpdateExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Item;
    ReturnValues?: string;
  }

  /** Whether a request's condition holds on the item it addresses now. */
  function conditionHolds(body: Request): boolean {
    const current = table(body.TableName).get((body.Key ?? body.Item)?.pk?.S ?? '');
    const condition = body.ConditionExpression?.replace(
      /#\w+/g,
      (token) => body.ExpressionAttributeNames?.[token] ?? token,
    );
    return holds(condition, current, body.ExpressionAttributeValues);
  }

  /** Applies a write whose condition held; returns the item after it. */
  function apply(operation: 'PutItem' | 'DeleteItem' | 'UpdateItem', body: Request): Item | undefined {
    const rows = table(body.TableName);
    const key = (body.Key ?? body.Item)?.pk?.S ?? '';
    if (operation === 'PutItem') return rows.set(key, body.Item!).get(key);
    if (operation === 'DeleteItem') return void rows.delete(key);
    const names = (token: string) => body.ExpressionAttributeNames?.[token] ?? token;
    const next: Item = { ...(rows.get(key) ?? body.Key!) };
    const [setPart = '', removePart = ''] = (body.UpdateExpression ?? '').replace(/^SET\s+/, '').split(/\s+REMOVE\s+/);
    for (const assignment of setPart
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean)) {
      const [name, value] = assignment.split(/\s*=\s*/) as [string, string];
      next[names(name)] = body.ExpressionAttributeValues![value]!;
    }
    for (const name of removePart
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean))
      delete next[names(name)];
    rows.set(key, next);
    return next;
  }

  const TRANSACT_OPERATIONS = {
    ConditionCheck: undefined,
    Put: 'PutItem',
    Delete: 'DeleteItem',
    Update: 'UpdateItem',
  } as const;

  const handler = http.post(`https://dynamodb.${region}.amazonaws.com/`, async ({ request }) => {
    const operation = (request.headers.get('x-amz-target') ?? '').replace('DynamoDB_20120810.', '');
    calls.push(operation);
    if (operation === 'TransactWriteItems') {
      // All items' conditions are checked first; one failure cancels the lot, with a reason per item.
      const { TransactItems: items } = (await request.json()) as {
        TransactItems: Partial<Record<keyof typeof TRANSACT_OPERATIONS, Request>>[];
      };
      const entries = items.map((item) => Object.entries(item)[0] as [keyof typeof TRANSACT_OPERATIONS, Request]);
      const codes = entries.map(([, body]) => (conditionHolds(body) ? 'None' : 'ConditionalCheckFailed'));
      if (codes.some((code) => code !== 'None')) return transactionCanceled(codes);
      for (const [kind, body] of entries) {
        const write = TRANSACT_OPERATIONS[kind];
        if (write) apply(write, body);
      }
      return ok({});
    }
    const body = (await request.json()) as Request;
    if (!conditionHolds(body)) return failed();
    switch (operation) {
      case 'GetItem': {
        const current = table(body.TableName).get(body.Key?.pk?.S ?? '');
        return ok(current ? { Item: current } : {});
      }
      case 'PutItem':
      case 'DeleteItem':
        apply(operation, body);
        return ok({});
      case 'UpdateItem': {
        const next = apply(operation, body);
        return ok(body.ReturnValues === 'ALL_NEW' ? { Attributes: next } : {});
      }
      default:
        return HttpResponse.json({ __type: 'com.amazon.coral.service#UnknownOperationException' }, { status: 400 });
    }
  });
  return { handler, calls, tables };
}

/** A document client for the stores under test, as deps.ts builds it, talking to the fake above. */
export function testDocumentClient(region = 'ap-northeast-1'): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
