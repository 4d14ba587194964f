import type { Command } from './types.js';

/**
 * A command as `floodzone` knows it before running it: name and one-line summary here, the rest in its
 * own module, imported only when that command runs. A short command then loads only what it uses (the
 * whole CLI's modules took 0.1–0.2 s of every start on the team machine).
 */
export interface CommandEntry {
  readonly name: string;
  /** One line for `floodzone --help`. */
  readonly summary: string;
  load(): Promise<Command>;
}

/** Every command, in the order `floodzone --help` lists them. Each lives in its own file. */
export const commands: readonly CommandEntry[] = [
  { name: 'info', summary: 'describe a raster: format, size, CRS, transform, cell size, nodata, min/max/mean', load: async () => (await import('./info.js')).infoCommand },
  { name: 'flood', summary: 'sea-connected flood at a water level: depth GeoTIFF, flood polygons, summary', load: async () => (await import('./flood.js')).floodCommand },
  { name: 'spill', summary: 'spill-level grid: the lowest water level that floods each cell, in one pass', load: async () => (await import('./spill.js')).spillCommand },
  { name: 'scenarios', summary: 'flooded area, volume and max depth for a batch of water levels (one spill-level pass)', load: async () => (await import('./scenarios.js')).scenariosCommand },
  { name: 'zones', summary: 'flood areas, protection zones, protection lines and crest table of a project (port.json)', load: async () => (await import('./zones.js')).zonesCommand },
  { name: 'crest', summary: 'crest table of a project: required crest, deficit and adaptation year per line and owner', load: async () => (await import('./crest.js')).crestCommand },
  { name: 'run', summary: 'the whole workflow of a project file: every scenario and year to maps, tables and report.html', load: async () => (await import('./run.js')).runCommand },
  { name: 'level', summary: 'design still-water level by scenario and year, with its breakdown and datum', load: async () => (await import('./level.js')).levelCommand },
  { name: 'overtopping', summary: 'mean wave overtopping q (EurOtop 2018, Goda 2009) for a crest freeboard', load: async () => (await import('./overtopping.js')).overtoppingCommand },
  { name: 'freeboard', summary: 'required crest freeboard Rc for an allowable overtopping rate', load: async () => (await import('./freeboard.js')).freeboardCommand },
  { name: 'timing', summary: 'adaptation year: first year the required crest exceeds the existing crest', load: async () => (await import('./timing.js')).timingCommand },
  { name: 'demo', summary: 'the example port: `run` into ./out (report.html, maps, tables), then its flood at a few levels', load: async () => (await import('./demo.js')).demoCommand },
];
