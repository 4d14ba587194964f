import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { spillLevels, validRange } from '@floodzone/core';
import { InputError } from '@floodzone/raster';
import { writeGeoTiffFile } from '@floodzone/raster/node';
import { parseFlags, requireFlag } from '../args.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import { COMPRESS_FLAG, COMPRESS_HELP, SOURCE_FLAGS, checkOutFile, loadDem, loadSources, parseLevel, parseSourceFlags, since, tiffOptions } from './flood-common.js';
import type { Command } from './types.js';

const help = `floodzone spill: the spill-level grid W, the lowest water level at which each cell floods

usage: floodzone spill --dem <file> --out <spill.tif> [--sea border|<mask.tif>|<sea.geojson>]
                       [--seed x,y]... [--connectivity 8|4] [--nodata-is-sea]
                       [--barriers <lines.geojson>] [--max-level <m>] [--compress deflate|none]
                       [--json]

W(c) = the minimum over paths from the sea to c of the highest elevation (or barrier crest) on the path,
so a flood at level L is exactly the cells with W < L (DESIGN.md). With border sources and no barriers,
W is the depression-filled DEM. One priority-flood (Barnes et al. 2014) answers every level.

  --dem <file>          elevation raster, metres
  --out <spill.tif>     W as Float32 GeoTIFF, NaN where no data or never reached
  --sea, --seed, --connectivity, --nodata-is-sea, --barriers
                        as for \`floodzone flood\`
  --max-level <m>       stop there: cells that would need a higher level come out NaN (faster)
${COMPRESS_HELP}
  --json                print only a summary JSON on stdout (reachedCells, minW, maxW, timings in ms:
                        read, spill, write)

Exit codes: 0 done, 2 bad input (one line on stderr; nothing written), 1 internal error.
`;

export const spillCommand: Command = {
  name: 'spill',
  help,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('spill', argv, {
      ...SOURCE_FLAGS,
      dem: { type: 'string' },
      out: { type: 'string' },
      'max-level': { type: 'string' },
      ...COMPRESS_FLAG,
      json: { type: 'boolean' },
    });
    const demPath = requireFlag('spill', 'dem', values.dem);
    const out = requireFlag('spill', 'out', values.out);
    const { connectivity, nodataIsSea } = parseSourceFlags(values);
    const maxLevel = values['max-level'] !== undefined ? parseLevel(values['max-level'], 'max-level') : undefined;
    checkOutFile('out', out);
    const signal = io.signal;
    const tiff = tiffOptions(values.compress, signal);
    const bar = progressBar(io, 'spill');

    const tRead = performance.now();
    const dem = await loadDem(demPath, signal);
    const { sea, description, barriers } = await loadSources(values, dem, signal);
    const read = since(tRead);

    const tSpill = performance.now();
    const { level: W } = spillLevels(dem, { connectivity, sea, nodataIsSea, barriers, maxLevel, signal, onProgress: bar });
    const { count: reached, min: minW, max: maxW } = validRange(W);
    const spill = since(tSpill);
    if (reached === 0) {
      throw new InputError(
        `no cell is reached from the sea (${description})${maxLevel !== undefined ? ` below --max-level ${maxLevel}` : ''}; check --sea${nodataIsSea ? '' : ' or add --nodata-is-sea'}`,
        'sea',
      );
    }

    const tWrite = performance.now();
    // tiles deflate on the libuv threadpool; the parts go to a temporary file beside --out (writev, no
    // joined copy of the file) that is renamed into place only when complete and not interrupted
    mkdirSync(dirname(out), { recursive: true });
    await writeGeoTiffFile(out, { ...dem, data: W, nodata: null }, tiff);
    const write = since(tWrite);
    bar.end();
    const summary = {
      dem: demPath,
      out,
      connectivity,
      sea: description,
      nodataIsSea,
      barriers: values.barriers ?? null,
      maxLevel: maxLevel ?? null,
      width: dem.width,
      height: dem.height,
      reachedCells: reached,
      minW,
      maxW,
      timings: { read, spill, write },
    };
    if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout(`spill levels of ${reached} cells (W ${minW.toFixed(2)} … ${maxW.toFixed(2)} m) in ${spill} ms\nwrote ${out}\n`);
    return 0;
  },
};
