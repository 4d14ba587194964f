/**
 * Design still-water level and wave allowance per case (DESIGN.md "External forces", DOMAIN.md §1–2).
 */
import type { ForceSpec, LineSpec, PortProject, YearTable } from '../project/types.js';
import type { DesignLevel, GoverningFormula } from './types.js';

/** Piecewise-linear value of a `[year, value]` table at `year`, ends held; `empty` when the table is empty. */
export function tableAt(t: YearTable, year: number, empty: number): number {
  if (t.length === 0) return empty;
  if (year <= t[0][0]) return t[0][1];
  for (let i = 1; i < t.length; i++) {
    if (year <= t[i][0]) {
      const [y0, v0] = t[i - 1], [y1, v1] = t[i];
      return v0 + ((year - y0) / (y1 - y0)) * (v1 - v0);
    }
  }
  return t[t.length - 1][1];
}

/**
 * DHWL(t) = H.W.L. + ΔMSL(scenario, t) + surge × r_S(t) (DOMAIN.md §1.1, composition rule), with
 * ΔMSL taken relative to the base year (the table's value at `baseYear` is subtracted) and
 * Hs(t) = Hs × r_H(t).
 */
export function designLevel(project: PortProject, force: ForceSpec, scenario: YearTable | null, scenarioName: string | null, year: number): DesignLevel {
  const dmsl = scenario ? tableAt(scenario, year, 0) - tableAt(scenario, project.baseYear, 0) : 0;
  const rS = tableAt(force.surgeRatio, year, 1);
  const surge = force.surge_m * rS;
  const level = force.hwl_m + dmsl + surge;
  const rH = tableAt(force.waveRatio, year, 1);
  return {
    level_m: level,
    tp_m: level + project.datum.toTP_m,
    components: [
      { name: 'H.W.L.', value_m: force.hwl_m, source: `${force.label}: H.W.L. (project file)` },
      { name: 'ΔMSL', value_m: dmsl, source: scenarioName ? `scenario ${scenarioName}, ${year} vs ${project.baseYear}` : `none (${year})` },
      { name: 'surge', value_m: surge, source: `${force.label}: surge ${force.surge_m} m × r_S ${rS.toFixed(3)}` },
    ],
    hs_m: force.waves ? force.waves.hs_m * rH : null,
    tm10_s: force.waves ? force.waves.tm10_s : null,
  };
}

const G = 9.81;

/**
 * Freeboard Rc at which the mean overtopping equals `q` (EurOtop 2018, mean-value approach, normal
 * wave attack; DOMAIN.md §2.2–2.4):
 * - vertical wall, eq 7.1: q/√(gHm0³) = 0.047·exp[−(2.35·Rc/Hm0)^1.3] → Rc = Hm0/2.35·(ln(0.047/q*))^(1/1.3);
 * - slope, eqs 5.10/5.11: q* = min(0.023/√tanα·ξ·exp[−(2.7Rc/(ξHm0γf))^1.3], 0.09·exp[−(1.5Rc/(Hm0γf))^1.3]),
 *   so the required Rc is the smaller of the two inverted forms.
 * Rc is 0 when the allowable rate is at or above the zero-freeboard rate.
 */
export function waveAllowance(line: Pick<LineSpec, 'structure' | 'slope' | 'roughness' | 'allowableQ_m3sm'>, hs_m: number | null, tm10_s: number | null): { rc_m: number; formula: GoverningFormula } {
  if (hs_m === null || tm10_s === null || hs_m <= 0) return { rc_m: 0, formula: 'still water (no waves)' };
  const qs = line.allowableQ_m3sm / Math.sqrt(G * hs_m ** 3);
  const inv = (a: number, b: number, scale: number) => (qs >= a ? 0 : (scale / b) * Math.log(a / qs) ** (1 / 1.3));
  if (line.structure === 'vertical') return { rc_m: inv(0.047, 2.35, hs_m), formula: 'EurOtop 2018 eq 7.1 (vertical wall)' };
  const cot = line.slope as number;
  const tanA = 1 / cot;
  const L = (G * tm10_s * tm10_s) / (2 * Math.PI);
  const xi = tanA / Math.sqrt(hs_m / L);
  const gf = line.roughness;
  const rcA = inv((0.023 / Math.sqrt(tanA)) * xi, 2.7, xi * hs_m * gf);
  const rcMax = inv(0.09, 1.5, hs_m * gf);
  return { rc_m: Math.min(rcA, rcMax), formula: 'EurOtop 2018 eq 5.10/5.11 (slope)' };
}
