// Design external forces: sea-level scenarios, design water levels, datums, run-up, overtopping,
// required freeboard, wave setup, required crest heights and adaptation years.
export * from './scenarios.js';
export * from './levels.js';
export * from './datums.js';
