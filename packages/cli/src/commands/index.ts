import type { Command } from './types.js';

/** Every command, in the order `floodzone --help` lists them. Each lives in its own file. */
export const commands: Command[] = [];
