// `npm run bench`: measures what docs/benchmarks.md reports and exits non-zero when a
// budget is broken. Figures are medians; comparisons are ratios measured in one run.
// `npm run bench -- --quick` (run by .ci/run) checks only what does not depend on the
// machine's speed: request counts, ratios measured side by side in one run, and sizes. It
// prints its figures and leaves docs/benchmarks.md alone.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { catalogBenchmarks } from './catalog';
import { findingsBenchmarks } from './findings';
import { evalBenchmarks } from './eval';
import { listingBenchmarks } from './listing';
import { policyBenchmarks } from './policy';
import { iacBenchmarks } from './iac';
import { parserSizeFigures, sizeFigures } from './size';
import { snapshotBenchmarks } from './snapshot';
import { ssoBenchmarks } from './sso';
import { vscodeFigures } from './vscode';
import type { Figure } from './stats';

const quick = process.argv.includes('--quick');

async function main(): Promise<void> {
  const sections: [string, Figure[]][] = [];
  sections.push(['Size', sizeFigures()]);
  if (!quick) sections.push(['Activation (real VS Code Server, headless Chromium)', vscodeFigures()]);
  if (!quick) sections.push(['Policy editor core', await policyBenchmarks()]);
  if (!quick) sections.push(['Action catalog (compact IAM data, dist/iam-data.jsonl)', await catalogBenchmarks()]);
  if (!quick) sections.push(['Policy evaluation engine', await evalBenchmarks()]);
  if (!quick)
    sections.push(['Policies in your code (issue 17)', [...(await parserSizeFigures()), ...(await iacBenchmarks())]]);
  sections.push(['Listing a large account (emulator, SDK over HTTP)', await listingBenchmarks({ quick })]);
  sections.push(['Account snapshot (emulator, SDK over HTTP)', await snapshotBenchmarks()]);
  sections.push(['Many accounts from one SSO session (emulator, SDK over HTTP)', await ssoBenchmarks({ quick })]);
  if (!quick) sections.push(['Findings over a large account', await findingsBenchmarks()]);
  const machine =
    `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ` +
    `${process.version}`;
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (not part of `npm test`), which exits non-zero when a budget is broken.',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
    '',
  ];
  let broken = 0;
  for (const [title, figures] of sections) {
    lines.push(`## ${title}`, '', '| what | figure | budget | |', '| --- | --- | --- | --- |');
    for (const f of figures) {
      lines.push(`| ${f.what} | ${f.value} | ${f.budget} | ${f.ok ? 'ok' : '**over**'} |`);
      if (!f.ok) broken++;
    }
    lines.push('');
  }
  if (!quick) writeFileSync('docs/benchmarks.md', lines.join('\n'));
  process.stdout.write(lines.join('\n') + '\n');
  if (broken) {
    process.stderr.write(`${broken} budget(s) broken\n`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
