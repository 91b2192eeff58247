/**
 * A value built on first use and shared afterwards. A failed build is forgotten, so the next call
 * tries again: a Lambda container whose first invocation hit a passing SSM or network error must
 * not fail every invocation after it.
 */
export function lazily<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
