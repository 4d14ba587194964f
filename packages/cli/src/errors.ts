/** A wrong flag or argument on the command line: exit code 2, like any other bad input. */
export class UsageError extends Error {
  override readonly name = 'InputError';
}

/** Bad input (exit 2) is any error named InputError, from any floodzone package. */
export function isInputError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'InputError';
}

export function isAbortError(err: unknown): boolean {
  return (err instanceof Error || err instanceof DOMException) && (err as Error).name === 'AbortError';
}
