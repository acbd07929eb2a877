/**
 * Set by esbuild (scripts/build.mjs `define`): false in the production bundles, which then
 * carry none of the tier-2 test hooks (the page's test actions and DOM snapshot, the host's
 * `test()`); true in development and test builds.
 */
declare const __TEST__: boolean;
