/**
 * SSM Parameter Store as msw answers it, in its real wire format (AWS JSON 1.1, `x-amz-target:
 * AmazonSSM.GetParametersByPath`): the parameters directly under the asked path, MaxResults per page
 * with a NextToken, SecureString values returned in clear only with WithDecryption.
 */
import { http, HttpResponse } from 'msw';

export function ssmFake(parameters: Record<string, string>, region = 'ap-northeast-1') {
  const requests: Array<{ Path: string; WithDecryption?: boolean; MaxResults?: number; NextToken?: string }> = [];
  const json = (body: unknown, status = 200) =>
    HttpResponse.json(body as never, { status, headers: { 'content-type': 'application/x-amz-json-1.1' } });
  const handler = http.post(`https://ssm.${region}.amazonaws.com/`, async ({ request }) => {
    const target = request.headers.get('x-amz-target');
    if (target !== 'AmazonSSM.GetParametersByPath')
      return json({ __type: 'InvalidAction', message: `fake SSM has no ${target}` }, 400);
    const body = (await request.json()) as (typeof requests)[number];
    requests.push(body);
    const under = Object.keys(parameters)
      .filter((name) => name.startsWith(`${body.Path}/`) && !name.slice(body.Path.length + 1).includes('/'))
      .sort();
    const start = body.NextToken ? Number(body.NextToken) : 0;
    const size = body.MaxResults ?? 10;
    const page = under.slice(start, start + size).map((name) => ({
      Name: name,
      Type: 'SecureString',
      Value: body.WithDecryption ? parameters[name] : 'AQICAHh…(ciphertext)',
      Version: 1,
      LastModifiedDate: 1_764_000_000,
      ARN: `arn:aws:ssm:${region}:123456789012:parameter${name}`,
      DataType: 'text',
    }));
    return json({ Parameters: page, ...(start + size < under.length ? { NextToken: String(start + size) } : {}) });
  });
  return { handler, requests };
}
