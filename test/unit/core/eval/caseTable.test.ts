import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluate } from '../../../../src/core/eval/engine';
import { CASE_TABLE } from './caseTable';
import { fixtureText } from './fixture';

describe('eval: the documented case table', () => {
  it('has at least 150 cases, each citing an AWS documentation page, with unique names', () => {
    assert.ok(CASE_TABLE.length >= 150, `${CASE_TABLE.length} cases`);
    for (const c of CASE_TABLE) assert.match(c.doc, /^https:\/\/docs\.aws\.amazon\.com\//, c.name);
    assert.equal(new Set(CASE_TABLE.map((c) => c.name)).size, CASE_TABLE.length);
  });

  it('covers all three decisions', () => {
    for (const d of ['allowed', 'explicitDeny', 'implicitDeny'])
      assert.ok(CASE_TABLE.filter((c) => c.expected === d).length >= 20, d);
  });

  it('test/fixtures/eval/cases.json holds exactly this table (regenerate with writeFixture.ts)', () => {
    assert.equal(readFileSync(new URL('../../../fixtures/eval/cases.json', import.meta.url), 'utf8'), fixtureText());
  });

  for (const c of CASE_TABLE) {
    it(`${c.name} → ${c.expected}`, () => {
      const r = evaluate(c);
      assert.equal(r.decision, c.expected, `${r.explain.reason} (follows ${c.doc})`);
      if (c.expectedLayer !== undefined) assert.equal(r.explain.decidingLayer, c.expectedLayer, r.explain.reason);
      if (c.expectedMissing !== undefined) assert.deepEqual(r.explain.missingContextKeys, c.expectedMissing);
      // The explanation is consistent with the decision.
      if (r.decision === 'explicitDeny')
        assert.ok(r.explain.deciding.length > 0 && r.explain.deciding.every((m) => m.effect === 'Deny'));
      else
        assert.ok(
          r.explain.matched.every((m) => m.effect === 'Allow'),
          'no Deny statement may apply unless the decision is explicitDeny',
        );
      if (r.decision === 'implicitDeny') assert.deepEqual(r.explain.deciding, []);
    });
  }
});
