import type { Command } from './types.js';
import { infoCommand } from './info.js';
import { demoCommand } from './demo.js';
import { floodCommand } from './flood.js';
import { spillCommand } from './spill.js';
import { scenariosCommand } from './scenarios.js';
import { runCommand } from './run.js';

/** Every command, in the order `floodzone --help` lists them. Each lives in its own file. */
export const commands: Command[] = [
  infoCommand,
  floodCommand,
  spillCommand,
  scenariosCommand,
  runCommand,
  demoCommand,
];
