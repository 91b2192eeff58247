/**
 * The one wording of zod's problems, wherever input is parsed at the edge (config, SNS, alarms,
 * DingTalk callbacks, emulator operations): each problem names the path it is about.
 */

/** A zod issue path as people write it: `Records[2].Sns.Message`, or `(root)`. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** The part of a zod error this needs (zod and zod/mini share it). */
export interface IssueList {
  readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
}

/** `Records[2].Sns.Message: Invalid input`, one line per problem, paths under `prefix`. */
export function describeIssues(error: IssueList, prefix = ''): string[] {
  return error.issues.map((issue) => `${formatPath(prefix, issue.path)}: ${issue.message}`);
}
