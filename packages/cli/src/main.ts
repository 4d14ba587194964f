import { removeTemporaries } from './atomic.js';
import { commands } from './commands/index.js';
import { isAbortError, isInputError } from './errors.js';
import { processIo, type CliIo } from './io.js';

export { commands } from './commands/index.js';
export type { CommandEntry } from './commands/index.js';
export type { Command } from './commands/types.js';
export type { CliIo } from './io.js';

function usage(): string {
  const w = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'floodzone: coastal and port flood-zone analysis',
    '',
    'usage: floodzone <command> [flags]     floodzone <command> --help',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
  ].join('\n');
}

/**
 * Runs one command line and returns its exit code: 0 success, 2 bad input (one line on stderr
 * naming the input and the fix), 1 internal failure, 130 interrupted. Never calls process.exit.
 */
export async function runCli(argv: string[], io?: CliIo): Promise<number> {
  let controller: AbortController | undefined;
  const onSignal = () => controller?.abort(new DOMException('interrupted', 'AbortError'));
  if (!io) {
    controller = new AbortController();
    io = processIo(controller.signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(usage());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version') {
      io.stdout('floodzone 0.1.0\n');
      return 0;
    }
    const entry = commands.find((c) => c.name === name);
    if (!entry) {
      io.stderr(`floodzone: unknown command "${name}"; run \`floodzone --help\` for the list\n`);
      return 2;
    }
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    removeTemporaries();
    if (isAbortError(err)) {
      io.stderr('floodzone: interrupted; no output was left half-written\n');
      return 130;
    }
    if (isInputError(err)) {
      // usage errors already say `floodzone <command>: …`; others get the program name in front
      const line = err.message.split('\n')[0]!;
      io.stderr(line.startsWith('floodzone ') ? `${line}\n` : `floodzone: ${line}\n`);
      return 2;
    }
    io.stderr(`floodzone: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  } finally {
    if (controller) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}
