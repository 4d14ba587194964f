/**
 * The project's external forces mapped onto core's design forces (`@floodzone/core` forces): the
 * water level spec of `designWaterLevel`, the cross-section of `requiredCrest` / `crestSeries`, and
 * the wave allowance of `requiredFreeboard` (EurOtop 2018, DOMAIN.md §1–2). Thin glue only: every
 * formula lives in core.
 */
import {
  crestSeries,
  datum,
  designWaterLevel,
  requiredCrest,
  requiredFreeboard,
  toTP,
  userScenario,
  type ChangeRatio,
  type CrestForces,
  type CrestRequirement,
  type CrestSection,
  type HydraulicOptions,
  type SeaLevelScenario,
  type Structure,
  type WaterLevelSpec,
} from '@floodzone/core';
import type { ForceSpec, LineSpec, PortProject, ScenarioSpec, YearTable } from '../project/types.js';
import type { DesignLevel, GoverningFormula } from './types.js';

/** What of a line sets its crest requirement. */
export type LineSection = Pick<LineSpec, 'structure' | 'slope' | 'roughness' | 'allowableQ_m3sm'> & Partial<Pick<LineSpec, 'toeDepth_m'>>;

const STILL = 'still water (no waves)';

/** Piecewise-linear value of a sorted `[x, value]` table (years, depths) at `year`, ends held; `empty` when the table is empty. */
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

/** A project ratio table (empty = 1) as core's `ChangeRatio` (linear, ends held: the same rule). */
function changeRatio(t: YearTable): ChangeRatio | undefined {
  return t.length === 0 ? undefined : t.map(([year, ratio]) => ({ year, ratio }));
}

/**
 * The project's forces prepared once for core: one core scenario per project scenario, ΔMSL relative
 * to the base year (the table's value there subtracted, ends held, as the project file says), and the
 * requirements cached per case and line type.
 */
export class ProjectForces {
  readonly project: PortProject;
  private readonly scenarios = new Map<string, SeaLevelScenario>();
  private readonly rows = new Map<string, CrestRequirement>();
  private readonly series = new Map<string, Float64Array>();
  /** Last whole year any case, series or plan needs. */
  readonly lastYear: number;

  constructor(project: PortProject) {
    this.project = project;
    this.lastYear = Math.max(project.years[project.years.length - 1], project.targetYear, project.baseYear + 1);
  }

  /** Core scenario of a project scenario (null = today: no rise), relative to the base year. */
  scenario(s: ScenarioSpec | null): SeaLevelScenario {
    const key = s === null ? '' : s.name;
    let out = this.scenarios.get(key);
    if (out) return out;
    const b = this.project.baseYear, last = this.lastYear;
    const slr = s === null ? [] : s.slr;
    const base = tableAt(slr, b, 0);
    const points = slr.filter(([y]) => y > b && y < last).map(([year, v]) => ({ year, median_m: v - base }));
    points.push({ year: last, median_m: tableAt(slr, last, 0) - base }); // held past the table's end
    out = userScenario(s === null ? 'none' : s.name, [b, b], points, {
      source: s === null ? 'no sea-level rise (today)' : `project scenario ${s.name} (ΔMSL vs ${b}, linear, ends held)`,
      validTo: last,
    });
    this.scenarios.set(key, out);
    return out;
  }

  private scenarioNamed(name: string | null): SeaLevelScenario {
    if (name === null) return this.scenario(null);
    const s = this.project.scenarios.find((x) => x.name === name);
    return this.scenario(s ?? null);
  }

  /** A level in the project datum expressed in T.P. (core's `toTP`). */
  tp(level_m: number): number {
    return toTP(level_m, this.datum);
  }

  private get datum() {
    return datum(this.project.datum.name, this.project.datum.toTP_m, 'project file');
  }

  /** Core water level spec of a force under a scenario (by name; null = today). */
  levelSpec(force: ForceSpec, scenario: string | null): WaterLevelSpec {
    const rp = force.returnPeriod_yr !== null ? `, ${force.returnPeriod_yr}-year return period` : '';
    return {
      hwl_m: force.hwl_m,
      datum: this.project.datum.name,
      surge_m: force.surge_m,
      surgeRatio: changeRatio(force.surgeRatio),
      hwlSource: `${force.label}: H.W.L. (project file)`,
      surgeSource: `${force.label}: surge${rp} (project file)`,
      scenario: this.scenarioNamed(scenario),
    };
  }

  /** Core forces (level and waves with r_H) of a force under a scenario. */
  forces(force: ForceSpec, scenario: string | null): CrestForces {
    const level = this.levelSpec(force, scenario);
    if (!force.waves) return { level };
    return { level, waves: { hm0_m: force.waves.hs_m, tm10_s: force.waves.tm10_s, heightRatio: changeRatio(force.waveRatio) } };
  }

  /** DHWL(t) of a force under a scenario with core's component breakdown and flags (`designWaterLevel`). */
  designLevel(force: ForceSpec, scenario: string | null, year: number): DesignLevel {
    const lv = designWaterLevel(this.levelSpec(force, scenario), year);
    const rH = force.waves ? tableAt(force.waveRatio, year, 1) : 1;
    return {
      level_m: lv.level_m,
      tp_m: this.tp(lv.level_m),
      components: lv.components,
      hs_m: force.waves ? force.waves.hs_m * rH : null,
      tm10_s: force.waves ? force.waves.tm10_s : null,
      flags: lv.flags,
    };
  }

  /** Core cross-section of a line: structure, allowance (overtopping q, none without waves), margin, toe. */
  section(line: LineSection, waves: boolean): CrestSection {
    return {
      structure: structureOf(line),
      allowance: waves ? { kind: 'overtopping', q_m3s_per_m: line.allowableQ_m3sm } : { kind: 'none' },
      margin_m: this.project.margin_m,
      // The toe is toeDepth_m below the datum zero: water depth at the toe = DHWL + toeDepth_m.
      ...(line.toeDepth_m != null ? { toeLevel_m: -line.toeDepth_m } : {}),
    };
  }

  /** `requiredCrest` of a line type at a case (force, scenario, year), cached per line type and case. */
  requirement(line: LineSection, force: ForceSpec, scenario: string | null, year: number): CrestRequirement {
    const key = `${force.label}|${scenario ?? ''}|${year}|${sectionKey(line)}`;
    let r = this.rows.get(key);
    if (!r) {
      r = requiredCrest(this.section(line, force.waves !== null), this.forces(force, scenario), year);
      this.rows.set(key, r);
    }
    return r;
  }

  /** Required crest at every whole year from the base year to `lastYear` (core's `crestSeries`), cached per line type. */
  requiredByYear(line: LineSection, force: ForceSpec, scenario: string): Float64Array {
    const key = `${force.label}|${scenario}|${sectionKey(line)}`;
    let s = this.series.get(key);
    if (!s) {
      s = crestSeries(this.section(line, force.waves !== null), this.forces(force, scenario), this.project.baseYear, this.lastYear);
      this.series.set(key, s);
    }
    return s;
  }
}

function sectionKey(l: LineSection): string {
  return `${l.structure}|${l.slope}|${l.roughness}|${l.allowableQ_m3sm}|${l.toeDepth_m ?? ''}`;
}

/**
 * Core structure of a line: a slope with cot α and γf, or a vertical wall (regime from the toe depth
 * when given, else EurOtop 2018 eq 7.1 with no influencing foreshore).
 */
function structureOf(line: LineSection): Structure {
  if (line.structure === 'slope') return { kind: 'slope', cotAlpha: line.slope as number, gammaF: line.roughness };
  return line.toeDepth_m != null ? { kind: 'vertical' } : { kind: 'vertical', regime: 'deep' };
}

/**
 * Freeboard Rc at which the mean overtopping equals the line's allowable rate (core's
 * `requiredFreeboard`, EurOtop 2018 mean-value approach), with the governing formula; 0 and
 * 'still water' without waves. `toeDepth_m` is the water depth at the toe when known.
 */
export function waveAllowance(line: LineSection, hs_m: number | null, tm10_s: number | null, toeDepth_m?: number): { rc_m: number; formula: GoverningFormula; flags: readonly string[] } {
  if (hs_m === null || tm10_s === null || hs_m <= 0) return { rc_m: 0, formula: STILL, flags: [] };
  const opts: HydraulicOptions = toeDepth_m !== undefined ? { toeDepth_m } : {};
  const r = requiredFreeboard({ hm0_m: hs_m, tm10_s }, structureOf({ ...line, toeDepth_m: toeDepth_m ?? null }), line.allowableQ_m3sm, opts);
  return { rc_m: r.Rc_m, formula: r.formula, flags: r.flags };
}

/** The governing formula shown in crest rows: core's, or 'still water' when there is no wave allowance. */
export function governing(r: CrestRequirement): GoverningFormula {
  return r.formula === 'none' ? STILL : r.formula;
}
