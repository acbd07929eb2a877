// The `evaluate` command line, spawned as a user runs it, on real files.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASE_TABLE } from '../core/eval/caseTable';

const ROOT = new URL('../../../', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'test/fixtures/eval/cases.json');

function cli(
  file: string,
  viaNpm = false,
): { status: number | null; lines: Record<string, unknown>[]; stderr: string; stdout: string } {
  const r = viaNpm
    ? spawnSync('npm', ['run', '--silent', 'evaluate', '--', file], { cwd: ROOT, encoding: 'utf8' })
    : spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/evaluate.ts', file], { cwd: ROOT, encoding: 'utf8' });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, lines, stderr: r.stderr, stdout: r.stdout };
}

describe('cli: npm run evaluate', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'iam-eval-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('decides every case of the documented fixture as expected, one JSON line per case, in order', () => {
    const { status, lines } = cli(FIXTURE, true);
    assert.equal(status, 0);
    assert.equal(lines.length, CASE_TABLE.length);
    lines.forEach((line, i) => {
      const c = CASE_TABLE[i];
      assert.ok(c);
      assert.equal(line.name, c.name);
      assert.equal(
        line.decision,
        c.expected,
        `${c.name}: ${JSON.stringify((line.explain as { reason?: string }).reason)}`,
      );
      assert.deepEqual(Object.keys(line), ['name', 'decision', 'explain']);
    });
  });

  it('a malformed case gets an error line naming the case and the field; the other cases still run', () => {
    const ok = {
      name: 'fine',
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
      request: { principal: 'arn:aws:iam::111122223333:user/A', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
    };
    const file = write('mixed.json', {
      cases: [
        {
          ...ok,
          name: 'bad effect',
          identityPolicies: [{ Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] }],
        },
        ok,
        { name: 'no request', identityPolicies: [] },
        { identityPolicies: [], request: ok.request },
        {
          ...ok,
          name: 'text policy',
          identityPolicies: [
            '{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}',
          ],
          unknownField: true,
        },
      ],
    });
    const { status, lines } = cli(file);
    assert.equal(status, 0);
    assert.equal(lines.length, 5);
    assert.deepEqual(lines[0], {
      name: 'bad effect',
      error:
        'case "bad effect" (cases[0]): field "identityPolicies[0].Statement[0].Effect": must be "Allow" or "Deny", not "Permit".',
    });
    assert.equal(lines[1]?.decision, 'allowed');
    assert.match(String(lines[2]?.error), /^case "no request" \(cases\[2\]\): field "request" is missing/);
    assert.deepEqual(lines[3], { name: null, error: 'cases[3]: field "name" must be a string.' });
    assert.equal(lines[4]?.decision, 'explicitDeny');
  });

  it('an unusable file: exit code 2, a message on stderr, nothing on stdout', () => {
    const notJson = cli(write('broken.json', '{"cases": ['));
    assert.equal(notJson.status, 2);
    assert.match(notJson.stderr, /broken\.json: the file is not valid JSON/);
    assert.equal(notJson.stdout, '');
    const noCases = cli(write('nocases.json', { tests: [] }));
    assert.equal(noCases.status, 2);
    assert.match(noCases.stderr, /no "cases" list/);
    const missing = cli(join(dir, 'absent.json'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*absent\.json/);
  });

  it('npm run evaluate rebuilds its cached bundle when it is older than a source file', () => {
    const bundle = join(ROOT, 'node_modules/.cache/iam-explorer/evaluate.cjs');
    cli(write('warm.json', { cases: [] }), true); // builds it when missing
    assert.ok(existsSync(bundle));
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(bundle, past, past);
    const r = cli(
      write('one.json', {
        cases: [
          {
            name: 'x',
            identityPolicies: [],
            request: { principal: 'arn:aws:iam::111122223333:user/A', action: 's3:GetObject', resource: '*' },
          },
        ],
      }),
      true,
    );
    assert.equal(r.lines[0]?.decision, 'implicitDeny');
    assert.ok(statSync(bundle).mtimeMs > past.getTime() + 1000, 'the stale bundle was rebuilt');
  });

  it('an empty cases list prints nothing and succeeds', () => {
    const r = cli(write('empty.json', { cases: [] }));
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
  });
});
