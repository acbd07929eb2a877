// The tier-2 runner's secret scan (scripts/vscode-host/secretScan.mjs): planted secrets are
// found wherever they hide, by place and line, and the report never carries the secret.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeScan,
  findSecrets,
  hashLine,
  parseHashes,
  scanSession,
  SECRET_HASHES_FILE,
} from '../../../scripts/vscode-host/secretScan.mjs';

/** A fresh 40-character secret like AWS's (base64 alphabet, with at least one / and +). */
function secret(): string {
  return `${randomBytes(30).toString('base64').slice(0, 38)}/+`;
}

describe('scripts/vscode-host/secretScan', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'iam-explorer-scan-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds a recorded secret in plain, URL-encoded and JSON-escaped text, glued to other characters, and nothing else', () => {
    const a = secret();
    const b = secret();
    const recorded = parseHashes(hashLine(a) + hashLine(b));
    assert.equal(recorded.hashes.size, 2);
    assert.deepEqual(findSecrets(`line one\naws_secret_access_key = ${a}\n`, recorded), [{ number: 1, line: 2 }]);
    assert.deepEqual(findSecrets(`x=${encodeURIComponent(b)}&y=1`, recorded), [{ number: 2, line: 1 }]);
    assert.deepEqual(findSecrets(`{"k":"${a.replace(/\//g, '\\/')}"}`, recorded), [{ number: 1, line: 1 }]);
    assert.deepEqual(
      findSecrets(`prefix${b}suffix`, recorded),
      [{ number: 2, line: 1 }],
      'inside a longer run of the alphabet',
    );
    assert.deepEqual(
      findSecrets(`${a.slice(0, 39)} ${a.slice(39)} ${secret()}`, recorded),
      [],
      'a split secret or another one is not a finding',
    );
  });

  it('scans a session: the output streams and every file outside the secrets’ homes; a planted leak is found by place and line, never printed', async () => {
    const leaked = secret();
    const clean = secret();
    await fs.writeFile(join(dir, SECRET_HASHES_FILE), hashLine(clean) + hashLine(leaked));
    await fs.mkdir(join(dir, 'aws'), { recursive: true });
    // its home: not a leak
    await fs.writeFile(join(dir, 'aws', 'credentials'), `[dev]\naws_secret_access_key = ${leaked}\n`);
    await fs.mkdir(join(dir, 'user-data', 'User', 'globalStorage'), { recursive: true });
    await fs.writeFile(
      join(dir, 'user-data', 'User', 'settings.json'),
      '{ "iamExplorer.endpoint": "http://127.0.0.1:1" }\n',
    );
    await fs.writeFile(
      join(dir, 'user-data', 'User', 'globalStorage', 'state.vscdb'),
      Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(`k\u0000${leaked}`, 'utf16le')]),
    );
    await fs.mkdir(join(dir, 'host-logs'));
    await fs.writeFile(join(dir, 'host-logs', 'extension-host.log'), `a\nb\nrotate: wrote ${leaked} into dev\n`);

    const result = await scanSession({
      scratch: dir,
      outputs: [
        { place: 'test output', text: `ok\n${leaked}\n` },
        { place: 'server log', text: 'fine' },
      ],
    });
    assert.equal(result.secrets, 2);
    assert.equal(result.outputs, 2);
    assert.equal(result.files, 3, 'the hashes file and aws/ are not scanned');
    assert.deepEqual(
      result.found.map((f) => `${f.place}:${f.line}:#${f.number}`).sort(),
      ['host-logs/extension-host.log:3:#2', 'test output:2:#2', 'user-data/User/globalStorage/state.vscdb:1:#2'].sort(),
    );
    const report = describeScan('main', result).join('\n');
    assert.match(report, /secret #2 of 2 found in host-logs\/extension-host\.log, line 3/);
    assert.match(report, /2 secrets recorded by the tests; scanned 2 output streams and 3 files .*: 3 found/);
    assert.ok(
      !report.includes(leaked) && !report.includes(hashLine(leaked).slice(0, 16)),
      'the report names places, never the secret or its hash',
    );
  });

  it('a session with no recorded secrets scans and finds nothing', async () => {
    await fs.writeFile(join(dir, 'log.txt'), secret());
    const result = await scanSession({ scratch: dir, outputs: [{ place: 'test output', text: 'x' }] });
    assert.deepEqual([result.secrets, result.files, result.found.length], [0, 1, 0]);
  });
});
