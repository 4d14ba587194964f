// Design external forces: sea-level scenarios, design water levels, datums, run-up, overtopping,
export * from './scenarios.js';
export * from './levels.js';
export * from './datums.js';
export * from './waves.js';
export * from './overtopping.js';
export * from './runup.js';
export * from './setup.js';
