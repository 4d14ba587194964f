/**
 * Bad input from the caller (a file, a parameter): the message is one line that names the input and
 * the fix. The CLI maps `name === 'InputError'` to exit code 2; anything else is an internal failure.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** The input at fault: a file path, a flag or a field name. */
  readonly input: string | undefined;
  constructor(message: string, input?: string) {
    // one line, whatever a damaged file put into the quoted parts: control characters become '?'
    super(message.replace(/[\u0000-\u001f\u007f]/g, '?'));
    this.input = input;
  }
}
