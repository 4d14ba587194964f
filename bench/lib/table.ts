/** Result records and the plain-text tables `bench/run.ts` prints. */
import type { MemoryResult } from './memory.js';
import type { PeerResult } from './suite.js';
import type { Timing } from './time.js';

export interface PeerOutcome {
  readonly name: string;
  readonly basis: 'kernel' | 'process';
  /** Fastest of the peer's runs, or why it did not run. */
  readonly result: PeerResult | null;
  readonly skipped?: string;
  /** peer time ÷ our time on the same basis (> 1: we are faster); null when either side is missing. */
  readonly ratio: number | null;
  /** Keys where the peer's output differs from ours (empty: agreed; null: nothing to compare). */
  readonly mismatches: readonly string[] | null;
}

export interface CaseResult {
  readonly suite: string;
  readonly name: string;
  readonly cells: number;
  readonly timing: Timing;
  /** cells ÷ median time. */
  readonly mcellsPerSec: number;
  readonly memory: MemoryResult | null;
  readonly memoryNote?: string;
  /** Whole `floodzone …` process: fastest wall time and its peak RSS. */
  readonly process: { wallMs: number; maxRssBytes: number | null } | null;
  readonly processNote?: string;
  readonly ours?: Readonly<Record<string, number>>;
  readonly peers: readonly PeerOutcome[];
  readonly note?: string;
}

const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
export const fmtMs = (ms: number) => (ms >= 100 ? fmt(ms) : ms >= 10 ? fmt(ms, 1) : fmt(ms, 2));
const fmtMB = (b: number | null | undefined) => (b == null ? '' : `${fmt(b / 2 ** 20)} MB`);

/** Pads columns of a table given as rows of cells (first row = header) in GitHub markdown. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

export function renderResults(results: readonly CaseResult[]): string {
  if (results.length === 0) return '(no cases)';
  const ours = renderTable([
    ['case', 'cells', 'min ms', 'median ms', 'Mcells/s', 'extra B/cell', 'peak extra', 'process ms', 'process RSS'],
    ...results.map((r) => [
      r.name,
      fmt(r.cells),
      fmtMs(r.timing.min),
      fmtMs(r.timing.median),
      fmt(r.mcellsPerSec, 1),
      r.memory ? fmt(r.memory.extraBytes / r.cells, 2) : '',
      r.memory ? fmtMB(r.memory.extraBytes) : '',
      r.process ? fmtMs(r.process.wallMs) : '',
      r.process ? fmtMB(r.process.maxRssBytes) : '',
    ]),
  ]);
  const peerRows = results.flatMap((r) =>
    r.peers.map((p) => [
      r.name,
      p.name,
      p.result?.ms != null ? fmtMs(p.result.ms) : '',
      p.result ? fmtMs(p.result.wallMs) : '',
      p.basis === 'process' ? (r.process ? `${fmtMs(r.process.wallMs)} (process)` : '') : `${fmtMs(r.timing.min)} (kernel)`,
      p.ratio != null ? `${fmt(p.ratio, 2)}×` : '',
      p.skipped ?? (p.mismatches == null ? '' : p.mismatches.length ? `DIFFERS: ${p.mismatches.join(', ')}` : 'same result'),
    ]),
  );
  const parts = [ours];
  if (peerRows.length) {
    parts.push(
      '',
      renderTable([['case', 'peer', 'peer ms', 'peer wall ms', 'ours ms', 'peer ÷ ours', 'check / note'], ...peerRows]),
    );
  }
  const notes = results.flatMap((r) => [
    ...(r.note ? [`- ${r.name}: ${r.note}`] : []),
    ...(r.memoryNote ? [`- ${r.name}: memory: ${r.memoryNote}`] : []),
    ...(r.processNote ? [`- ${r.name}: process: ${r.processNote}`] : []),
    ...(r.ours && Object.keys(r.ours).length ? [`- ${r.name}: ours ${JSON.stringify(r.ours)}${peerOutputs(r)}`] : []),
  ]);
  if (notes.length) parts.push('', ...notes);
  return parts.join('\n');
}

function peerOutputs(r: CaseResult): string {
  const s = r.peers.filter((p) => p.result?.output).map((p) => `; ${p.name} ${JSON.stringify(p.result!.output)}`);
  return s.join('');
}

/** Keys of `ours` that the peer also reports with a different value. */
export function compareOutputs(
  ours: Readonly<Record<string, number>> | undefined,
  peer: Readonly<Record<string, number>> | undefined,
): string[] | null {
  if (!ours || !peer) return null;
  const keys = Object.keys(ours).filter((k) => k in peer);
  if (keys.length === 0) return null;
  return keys.filter((k) => ours[k] !== peer[k]);
}
