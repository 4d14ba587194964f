import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem, type as osType, release } from 'node:os';

/** Version string of an external tool, or null when it is not installed. */
export function toolVersion(cmd: string, args: string[], pick: RegExp = /\d+\.\d+(\.\d+)?/): string | null {
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    return out.match(pick)?.[0] ?? out.trim().split('\n')[0];
  } catch {
    return null;
  }
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memGiB: number;
  readonly freeGiB: number;
  readonly load: readonly number[];
  readonly os: string;
  readonly node: string;
  readonly v8: string;
  readonly date: string;
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memGiB: +(totalmem() / 2 ** 30).toFixed(1),
    freeGiB: +(freemem() / 2 ** 30).toFixed(1),
    load: loadavg().map((x) => +x.toFixed(2)),
    os: `${osType()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
  };
}

/** The header every benchmark run prints: machine, Node, load (other work on the machine skews numbers). */
export function banner(m: Machine = machine()): string {
  return [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB (${m.freeGiB} free), ${m.os}`,
    `node ${m.node} (V8 ${m.v8}), load average ${m.load.join(' ')}, ${m.date}`,
  ].join('\n');
}
