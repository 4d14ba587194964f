import type { CliIo } from '../io.js';

export interface Command {
  readonly name: string;
  /** Full `--help` text: every flag with its unit and default. */
  readonly help: string;
  /** Returns the exit code (0). Throws InputError/UsageError for bad input. */
  run(argv: string[], io: CliIo): Promise<number>;
}
