/** Where a command writes. Tests pass their own; the binary passes the process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  readonly stderrIsTTY: boolean;
  /** Aborted on SIGINT/SIGTERM by the binary; commands pass it to every long call. */
  readonly signal: AbortSignal;
}

export function processIo(signal: AbortSignal): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    signal,
  };
}
