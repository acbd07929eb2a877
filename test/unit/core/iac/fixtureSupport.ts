/** Reading the iac fixtures: planted problems are marked where they must be reported. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex, lintText } from '../../../../src/core/iac/files';
import type { ActionCatalog } from '../../../../src/core/policy/catalog';

export const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'iac');

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (!name.endsWith('.expect') && !name.endsWith('.md')) out.push(full);
  }
  return out;
}

/**
 * Expected findings as `line code` strings. In YAML, HCL and TypeScript a trailing
 * `# expect: a, b` (or `// expect: ...`) marks the line; JSON has no comments, so
 * a `<file>.expect` file beside it lists `line code` pairs.
 */
export function expectedOf(path: string, text: string): string[] {
  const side = `${path}.expect`;
  if (existsSync(side)) {
    return readFileSync(side, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  }
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /(?:#|\/\/) expect: ([a-z0-9, -]+)\s*$/.exec(line);
    if (m)
      for (const code of (m[1] ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean))
        out.push(`${i + 1} ${code}`);
  });
  return out;
}

export async function actualOf(
  path: string,
  text: string,
  catalog: ActionCatalog,
): Promise<{ lines: string[]; format: string | undefined; codes: string[] }> {
  const result = await lintText(path, text, catalog);
  const index = new LineIndex(text);
  const lines = result.findings.map((f) => `${index.position(f.from).line} ${f.code}`);
  return { lines, format: result.format, codes: result.findings.map((f) => f.code) };
}

export const sorted = (xs: string[]): string[] =>
  [...xs].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
