/**
 * Bad input from the caller: the message is one line naming the input and the fix. Same contract as
 * `@floodzone/raster`'s InputError (core imports nothing from raster at run time): the CLI maps
 * `name === 'InputError'` to exit code 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly input: string | undefined;
  constructor(message: string, input?: string) {
    super(message);
    this.input = input;
  }
}
