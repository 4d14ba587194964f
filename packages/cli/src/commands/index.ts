import type { Command } from './types.js';
import { infoCommand } from './info.js';
import { demoCommand } from './demo.js';
import { floodCommand } from './flood.js';
import { spillCommand } from './spill.js';
import { scenariosCommand } from './scenarios.js';
import { zonesCommand } from './zones.js';
import { crestCommand } from './crest.js';
import { runCommand } from './run.js';
import { overtoppingCommand } from './overtopping.js';
import { freeboardCommand } from './freeboard.js';
import { levelCommand } from './level.js';
import { timingCommand } from './timing.js';

/** Every command, in the order `floodzone --help` lists them. Each lives in its own file. */
export const commands: Command[] = [
  infoCommand,
  floodCommand,
  spillCommand,
  scenariosCommand,
  zonesCommand,
  crestCommand,
  runCommand,
  levelCommand,
  overtoppingCommand,
  freeboardCommand,
  timingCommand,
  demoCommand,
];
