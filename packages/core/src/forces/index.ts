// Design external forces: sea-level scenarios, design water levels, datums, run-up, overtopping,
// required freeboard, wave setup, required crest heights and adaptation years.
export * from './scenarios.js';
export * from './levels.js';
export * from './datums.js';
export * from './waves.js';
export * from './overtopping.js';
export * from './runup.js';
export * from './setup.js';
export * from './crest.js';
