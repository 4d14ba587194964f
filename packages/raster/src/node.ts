// Node-only file helpers (fs, zlib). Everything else in @floodzone/raster runs in a browser.
export {};
