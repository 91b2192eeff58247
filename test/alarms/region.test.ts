import { describe, expect, it } from 'vitest';
import { regionFromArn, regionFromDisplayName } from '../../src/alarms/region.ts';

describe('region', () => {
  it.each([
    ['Asia Pacific (Tokyo)', 'ap-northeast-1'],
    ['US East (N. Virginia)', 'us-east-1'],
    ['EU (Ireland)', 'eu-west-1'],
    ['Europe (Ireland)', 'eu-west-1'],
    ['EU (London)', 'eu-west-2'],
    ['China (Ningxia)', 'cn-northwest-1'],
    ['  asia pacific (singapore) ', 'ap-southeast-1'],
  ])('%s → %s', (name, code) => {
    expect(regionFromDisplayName(name)).toBe(code);
  });

  it('reads codes from ARNs of every partition and ignores non-codes', () => {
    expect(regionFromArn('arn:aws:cloudwatch:ap-northeast-1:1:alarm:x')).toBe('ap-northeast-1');
    expect(regionFromArn('arn:aws-cn:sns:cn-north-1:1:topic')).toBe('cn-north-1');
    expect(regionFromArn('arn:aws-us-gov:sns:us-gov-west-1:1:topic')).toBe('us-gov-west-1');
    expect(regionFromArn('arn:aws:iam::1:role/x')).toBeUndefined();
    expect(regionFromArn(undefined)).toBeUndefined();
    expect(regionFromDisplayName('Atlantis (Central)')).toBeUndefined();
  });
});
