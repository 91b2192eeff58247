/**
 * AWS region codes from the display names CloudWatch puts in an alarm's `Region` field.
 * CloudWatch writes names such as "US East (N. Virginia)" or the older "EU (Ireland)" (see
 * terraform-aws-notify-slack's fixtures), so both "EU (…)" and "Europe (…)" spellings are known.
 * The ARN is preferred whenever it exists; this table is the fallback.
 */
const REGION_NAMES: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'af-south-1': 'Africa (Cape Town)',
  'ap-east-1': 'Asia Pacific (Hong Kong)',
  'ap-east-2': 'Asia Pacific (Taipei)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-south-2': 'Asia Pacific (Hyderabad)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-southeast-3': 'Asia Pacific (Jakarta)',
  'ap-southeast-4': 'Asia Pacific (Melbourne)',
  'ap-southeast-5': 'Asia Pacific (Malaysia)',
  'ap-southeast-7': 'Asia Pacific (Thailand)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ca-central-1': 'Canada (Central)',
  'ca-west-1': 'Canada West (Calgary)',
  'eu-central-1': 'Europe (Frankfurt)',
  'eu-central-2': 'Europe (Zurich)',
  'eu-west-1': 'Europe (Ireland)',
  'eu-west-2': 'Europe (London)',
  'eu-west-3': 'Europe (Paris)',
  'eu-south-1': 'Europe (Milan)',
  'eu-south-2': 'Europe (Spain)',
  'eu-north-1': 'Europe (Stockholm)',
  'il-central-1': 'Israel (Tel Aviv)',
  'me-south-1': 'Middle East (Bahrain)',
  'me-central-1': 'Middle East (UAE)',
  'mx-central-1': 'Mexico (Central)',
  'sa-east-1': 'South America (Sao Paulo)',
  'cn-north-1': 'China (Beijing)',
  'cn-northwest-1': 'China (Ningxia)',
  'us-gov-east-1': 'AWS GovCloud (US-East)',
  'us-gov-west-1': 'AWS GovCloud (US-West)',
};

const CODE_BY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(REGION_NAMES).flatMap(([code, name]) => {
    const keys = [normalize(name)];
    if (name.startsWith('Europe (')) keys.push(normalize(name.replace('Europe (', 'EU (')));
    if (name === 'South America (Sao Paulo)') keys.push(normalize('South America (São Paulo)'));
    if (code === 'us-gov-west-1') keys.push(normalize('AWS GovCloud (US)'));
    return keys.map((key) => [key, code] as const);
  }),
);

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

const REGION_CODE = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;

/** The region code in an ARN (`arn:aws:cloudwatch:ap-northeast-1:…`), if it holds one. */
export function regionFromArn(arn: string | undefined | null): string | undefined {
  const code = arn?.split(':')[3];
  return code && REGION_CODE.test(code) ? code : undefined;
}

export function regionFromDisplayName(name: string | undefined | null): string | undefined {
  return name ? CODE_BY_NAME.get(normalize(name)) : undefined;
}

export function regionDisplayName(code: string): string | undefined {
  return REGION_NAMES[code];
}
