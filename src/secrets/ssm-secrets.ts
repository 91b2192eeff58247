/**
 * Secrets from SSM Parameter Store: every parameter directly under one path, decrypted, read once per
 * Lambda container. A parameter is named after the setting it fills (`/tcu-bot/prod/SLACK_BOT_TOKEN`),
 * so the template and the bundle never hold a secret and rotating one is a `put-parameter` away
 * (new containers read the new value).
 */
import { GetParametersByPathCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { SECRET_SETTINGS, type SecretSetting } from '../config.ts';

export interface SecretParameters {
  /** Setting name → value, for `loadConfig` overrides. */
  readonly values: Partial<Record<SecretSetting, string>>;
  /** Parameters under the path that name no secret setting (a typo, most likely): not used. */
  readonly ignored: readonly string[];
}

const isSecretSetting = (name: string): name is SecretSetting => (SECRET_SETTINGS as readonly string[]).includes(name);

export async function readSecretParameters(ssm: Pick<SSMClient, 'send'>, path: string): Promise<SecretParameters> {
  const values: Partial<Record<SecretSetting, string>> = {};
  const ignored: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ssm.send(
      new GetParametersByPathCommand({
        Path: path,
        WithDecryption: true,
        Recursive: false,
        MaxResults: 10,
        NextToken: nextToken,
      }),
    );
    for (const parameter of page.Parameters ?? []) {
      const name = parameter.Name?.slice(path.length + 1) ?? '';
      if (isSecretSetting(name) && parameter.Value !== undefined) values[name] = parameter.Value;
      else ignored.push(parameter.Name ?? '(unnamed)');
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return { values, ignored };
}
