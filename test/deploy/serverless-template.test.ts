/**
 * The deploy, checked offline: `npm run package` (esbuild bundles + `osls package`, no AWS
 * credentials) and then the CloudFormation template osls wrote — functions, events, resources,
 * and least-privilege IAM.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_SETTINGS } from '../../src/config.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
let resources: Record<string, Resource>;
let templateText: string;
const home = mkdtempSync(join(tmpdir(), 'osls-home-'));

/** Actions with no resource type in the AWS service authorization reference: `Resource: '*'` is the only form. */
const ACCOUNT_LEVEL_ACTIONS = [
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'ce:GetCostAndUsage',
  'timestream:DescribeEndpoints',
  'timestream:DescribeAccountSettings',
  'cloudwatch:GetMetricWidgetImage',
];
const FUNCTIONS = {
  http: 'HttpLambdaFunction',
  alarm: 'AlarmLambdaFunction',
  costCheck: 'CostCheckLambdaFunction',
  worker: 'WorkerLambdaFunction',
};

beforeAll(() => {
  // No credentials, an empty HOME: packaging must not need an AWS account or a login.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  execFileSync('npm', ['run', '--silent', 'package'], {
    env: { ...env, HOME: home, SLS_TELEMETRY_DISABLED: '1' },
    stdio: 'pipe',
    timeout: 120_000,
  });
  templateText = readFileSync('.serverless/cloudformation-template-update-stack.json', 'utf8');
  resources = (JSON.parse(templateText) as { Resources: Record<string, Resource> }).Resources;
}, 180_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const props = (name: string) => resources[name]!.Properties;
type MaybeStatement = Statement | { 'Fn::If': [string, Statement, unknown] };
/** A role's statements; one held under a condition counts as granted (the stricter reading). */
const statementsOf = (role: string) =>
  (props(role).Policies as Array<{ PolicyDocument: { Statement: MaybeStatement[] } }>).flatMap((policy) =>
    policy.PolicyDocument.Statement.map((statement) => ('Fn::If' in statement ? statement['Fn::If'][1] : statement)),
  );
const actions = (statement: Statement) => [statement.Action].flat();

describe('serverless.yml, packaged', () => {
  it('has the four functions on nodejs24.x arm64, each with its own bundle and role', () => {
    expect(
      ofType('AWS::Lambda::Function')
        .map(([name]) => name)
        .sort(),
    ).toEqual(Object.values(FUNCTIONS).sort());
    for (const [key, logicalId] of Object.entries(FUNCTIONS)) {
      const fn = props(logicalId);
      expect(fn).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: `dist/${key}/${key}.handler`,
      });
      expect((fn.Code as { S3Key: string }).S3Key).toMatch(new RegExp(`/${key}\\.zip$`));
    }
    expect(props(FUNCTIONS.http).Timeout).toBeLessThanOrEqual(30);
    expect(props(FUNCTIONS.worker)).toMatchObject({ Timeout: 900 });
    // More than one vCPU's worth (1,769 MB) for 100 concurrent queries and their answers.
    expect(props(FUNCTIONS.worker).MemorySize).toBeGreaterThanOrEqual(1769);
    const roles = Object.values(FUNCTIONS).map(
      (logicalId) => (props(logicalId).Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
    );
    expect(roles).toEqual(['HttpRole', 'AlarmRole', 'CostCheckRole', 'WorkerRole']);
    expect(resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('wires the events: HTTP API routes, the two topics, the daily schedule', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route')
      .map(([, route]) => route.Properties.RouteKey)
      .sort();
    expect(routes).toEqual(['GET /healthz', 'POST /dingtalk/events', 'POST /slack/events', 'POST /sns']);
    const subscriptions = ofType('AWS::SNS::Subscription').map(([, sub]) => ({
      topic: sub.Properties.TopicArn,
      fn: sub.Properties.Endpoint,
    }));
    expect(subscriptions).toEqual(
      expect.arrayContaining([
        { topic: { Ref: 'AlarmsTopic' }, fn: { 'Fn::GetAtt': [FUNCTIONS.alarm, 'Arn'] } },
        { topic: { Ref: 'JobsTopic' }, fn: { 'Fn::GetAtt': [FUNCTIONS.worker, 'Arn'] } },
      ]),
    );
    const [[, rule]] = ofType('AWS::Events::Rule') as [[string, Resource]];
    expect(rule.Properties.ScheduleExpression).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/);
    expect(JSON.stringify(rule.Properties.Targets)).toContain(FUNCTIONS.costCheck);
  });

  it('creates the alarms topic that CloudWatch may publish to, the jobs topic, the table and the dead-letter queue', () => {
    const policy = (
      props('AlarmsTopicPolicy').PolicyDocument as {
        Statement: Array<Statement & { Principal: unknown; Condition: unknown }>;
      }
    ).Statement[0]!;
    expect(policy).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: 'AlarmsTopic' },
    });
    expect(JSON.stringify(policy.Condition)).toContain('aws:SourceAccount');
    expect(resources.JobsTopic?.Type).toBe('AWS::SNS::Topic');
    expect(props('StateTable')).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    for (const fn of [FUNCTIONS.alarm, FUNCTIONS.costCheck, FUNCTIONS.worker]) {
      expect(props(fn).DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] } });
    }
  });

  it('alarms on QueryTCU: AWS/Usage ResourceCount, Maximum, missing data not breaching, both actions to the alarms topic', () => {
    expect(props('QueryTcuAlarm')).toMatchObject({
      Namespace: 'AWS/Usage',
      MetricName: 'ResourceCount',
      Statistic: 'Maximum',
      Period: 60,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'AlarmsTopic' }],
      OKActions: [{ Ref: 'AlarmsTopic' }],
    });
    const dimensions = Object.fromEntries(
      (props('QueryTcuAlarm').Dimensions as Array<{ Name: string; Value: string }>).map((d) => [d.Name, d.Value]),
    );
    expect(dimensions).toEqual({ Service: 'Timestream', Resource: 'QueryTCU', Type: 'Resource', Class: 'OnDemand' });
    expect(typeof props('QueryTcuAlarm').Threshold).toBe('number');
  });

  it('grants least privilege: no wildcard action, `*` resources only for account-level actions', () => {
    const roles = ofType('AWS::IAM::Role').map(([name]) => name);
    expect(ofType('AWS::IAM::Policy')).toEqual([]);
    for (const role of roles) {
      for (const statement of statementsOf(role)) {
        expect(statement.Effect).toBe('Allow');
        for (const action of actions(statement)) expect(action, `${role} ${statement.Sid}`).not.toContain('*');
        const resourceText = JSON.stringify(statement.Resource);
        if (resourceText === '"*"')
          expect(
            actions(statement).every((action) => ACCOUNT_LEVEL_ACTIONS.includes(action)),
            `${role} ${statement.Sid}`,
          ).toBe(true);
      }
    }
  });

  it('lets only the worker write to Timestream, and only the lab database', () => {
    const timestreamWrites = (role: string) =>
      statementsOf(role).filter((statement) =>
        actions(statement).some((action) => /^timestream:(Write|Create|Update|Delete)/.test(action)),
      );
    for (const role of ['HttpRole', 'AlarmRole', 'CostCheckRole']) expect(timestreamWrites(role)).toEqual([]);
    const worker = timestreamWrites('WorkerRole');
    expect(worker.length).toBeGreaterThan(0);
    for (const statement of worker)
      expect(JSON.stringify(statement.Resource)).toMatch(/:database\/tcu_lab(\/table\/\*)?"/);
  });

  it('lets the http function start jobs in a transaction with a condition check (load tests wait for data generation)', () => {
    const state = statementsOf('HttpRole').find((statement) => statement.Sid === 'State');
    expect(state && actions(state)).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
      ]),
    );
  });

  it('reads workload files from S3 only under the configured prefix, and only when a bucket is set', () => {
    const template = JSON.parse(templateText) as { Conditions: Record<string, unknown> };
    expect(template.Conditions.HasWorkloadsBucket).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    for (const role of ['HttpRole', 'WorkerRole']) {
      const held = (props(role).Policies as Array<{ PolicyDocument: { Statement: MaybeStatement[] } }>)
        .flatMap((policy) => policy.PolicyDocument.Statement)
        .find((statement) => 'Fn::If' in statement);
      expect(held).toMatchObject({
        'Fn::If': ['HasWorkloadsBucket', { Sid: 'WorkloadFiles', Action: 's3:GetObject' }, { Ref: 'AWS::NoValue' }],
      });
    }
    for (const role of ['AlarmRole', 'CostCheckRole'])
      expect(statementsOf(role).some((statement) => statement.Sid === 'WorkloadFiles')).toBe(false);
    // Graphs: a private bucket whose objects expire; only the alarm paths (http, alarm) write under graphs/.
    const bucket = props('GraphsBucket');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.LifecycleConfiguration).toEqual({
      Rules: [{ Id: 'expire-graphs', Status: 'Enabled', ExpirationInDays: 7 }],
    });
    for (const role of ['HttpRole', 'AlarmRole'])
      expect(statementsOf(role).find((statement) => statement.Sid === 'AlarmGraphs')).toMatchObject({
        Action: ['s3:PutObject', 's3:GetObject'],
      });
    for (const role of ['CostCheckRole', 'WorkerRole'])
      expect(statementsOf(role).some((statement) => statement.Sid === 'AlarmGraphs')).toBe(false);
    // The bundled workloads travel beside the bundles (config.ts reads them under LAMBDA_TASK_ROOT).
    expect(existsSync('dist/workloads/fleet.yaml')).toBe(true);
  });

  it('keeps every other statement on the bot’s own resources', () => {
    const allowed = [
      /^\{"Ref":"(JobsTopic)"\}$/,
      /^\{"Fn::GetAtt":\["(StateTable|FailedInvocationsQueue)","Arn"\]\}$/,
      /:log-group:\/aws\/lambda\/tcu-bot-dev-\w+:\*"\}$/,
      /:parameter\/tcu-bot\/dev"\}$/,
      /:database\/tcu_lab(\/table\/\*)?"\}$/,
      /:s3:::\/workloads\/\*"\}$/,
      /^\{"Fn::Sub":"\$\{GraphsBucket\.Arn\}\/graphs\/\*"\}$/,
      /:cloudwatch:\$\{AWS::Region\}:\$\{AWS::AccountId\}:alarm:\*"\}$/,
      /^"\*"$/,
    ];
    for (const role of ofType('AWS::IAM::Role').map(([name]) => name)) {
      for (const statement of statementsOf(role)) {
        const text = JSON.stringify(statement.Resource);
        expect(
          allowed.some((pattern) => pattern.test(text)),
          `${role} ${statement.Sid}: ${text}`,
        ).toBe(true);
      }
    }
  });

  it('keeps secrets out of the template: SSM path only', () => {
    for (const logicalId of Object.values(FUNCTIONS)) {
      const variables = (props(logicalId).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.SECRETS_PARAMETER_PATH).toBe('/tcu-bot/dev');
      for (const secret of SECRET_SETTINGS) expect(variables[secret], `${logicalId} ${secret}`).toBeUndefined();
    }
    expect(templateText).not.toMatch(/xoxb-|hooks\.slack\.com|oapi\.dingtalk\.com|"SEC[0-9a-f]{8,}/);
  });

  it('keeps the emulator, the console page, DuckDB and dev tools out of every bundle, and Bolt out of the http function’s start', () => {
    for (const name of Object.keys(FUNCTIONS)) {
      const meta = JSON.parse(readFileSync(`dist/${name}.meta.json`, 'utf8')) as {
        inputs: Record<string, unknown>;
        outputs: Record<string, { imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown> }>;
      };
      expect(
        Object.keys(meta.inputs).filter((input) =>
          /src\/emulator\/|src\/local\/console\/|@duckdb|node_modules\/(tsx|vitest|msw|playwright-core)\//.test(input),
        ),
      ).toEqual([]);
      // What loads at start: the entry and the chunks it imports statically.
      const started = new Set<string>();
      const pending = [`dist/${name}/${name}.mjs`];
      while (pending.length > 0) {
        const output = pending.pop()!;
        if (started.has(output)) continue;
        started.add(output);
        for (const next of meta.outputs[output]?.imports ?? [])
          if (next.kind === 'import-statement' && meta.outputs[next.path]) pending.push(next.path);
      }
      const startInputs = [...started].flatMap((output) => Object.keys(meta.outputs[output]!.inputs));
      expect(
        startInputs.filter((input) =>
          /node_modules\/(express|@slack\/socket-mode|@slack\/oauth)\/|@slack\/bolt\/dist\/App\.js/.test(input),
        ),
        name,
      ).toEqual([]);
      expect(
        startInputs.filter((input) => /node_modules\/@aws-sdk\/client-/.test(input)),
        name,
      ).toEqual([]);
    }
  });
});
