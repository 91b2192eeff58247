/**
 * Who may run the costly commands and act on alarms: `platform:id` entries from ALLOWED_USERS and
 * ALLOWED_CONVERSATIONS; `platform:*` allows everyone on that platform (the local console).
 */
export interface Permissions {
  readonly users: ReadonlySet<string>;
  readonly conversations: ReadonlySet<string>;
}

export function isAllowed(
  who: { readonly platform: string; readonly userId: string; readonly conversationId: string },
  permissions: Permissions,
): boolean {
  const { platform } = who;
  return (
    permissions.users.has(`${platform}:*`) ||
    permissions.users.has(`${platform}:${who.userId}`) ||
    permissions.conversations.has(`${platform}:${who.conversationId}`)
  );
}
