export { InputError } from './util/errors.js';
export { throwIfAborted, type ProgressFn, type RunOptions } from './util/abort.js';
export * from './forces/index.js';
export * from './grid/index.js';
