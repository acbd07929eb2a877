/** The README documents every check with its id and severity, and ids are unique. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALL_CHECKS } from '../../../../src/core/findings/index';

describe('findings: the check list', () => {
  it('has at least 30 checks with unique, stable-looking ids and a rule each', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    assert.ok(ids.length >= 30, `${ids.length} checks`);
    assert.equal(new Set(ids).size, ids.length);
    for (const c of ALL_CHECKS) {
      assert.match(c.id, /^IAM(\.[A-Z_]+){2}$/);
      assert.ok(c.rule.length > 20, `${c.id} has a rule`);
    }
  });

  it('README.md documents each check: id, severity, rule', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    for (const c of ALL_CHECKS) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${c.id}\` |`));
      assert.ok(row, `README has no row for ${c.id}`);
      assert.ok(row.includes(`| ${c.severity} |`), `README gives ${c.id} another severity than ${c.severity}`);
      assert.ok(row.includes(c.rule.replace(/\|/g, '\\|').slice(0, 40)), `README's rule for ${c.id} is not the code's`);
    }
  });
});
