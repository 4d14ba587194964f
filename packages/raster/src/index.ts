export type { Affine, Crs, FloatGrid, Grid, GridData, LabelGrid, MaskGrid } from './grid.js';
export { InputError } from './errors.js';
