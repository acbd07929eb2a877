import { strict as assert } from 'node:assert';
import { quickFixes, type TextEdit } from '../../../../src/core/policy/fixes';
import { validatePolicy } from '../../../../src/core/policy/validate';
import { fakeCatalog, only } from './helpers';

const apply = (text: string, e: TextEdit) => text.slice(0, e.from) + e.insert + text.slice(e.to);

describe('core/policy/fixes', () => {
  it('replaces an unknown action with the closest one of its service, and the result validates clean', async () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjkect", "Resource": "*"}]}';
    const finding = only(await validatePolicy(text, 'identity', { catalog: fakeCatalog() }), 'unknown-action');
    const fixes = await quickFixes(text, finding, fakeCatalog());
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Replace with s3:GetObject'],
    );
    const fixed = apply(text, fixes[0]!.edit);
    assert.equal(JSON.parse(fixed).Statement[0].Action, 's3:GetObject');
    assert.deepEqual(await validatePolicy(fixed, 'identity', { catalog: fakeCatalog() }), []);
  });

  it('replaces an unknown service prefix with the closest prefix', async () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s4:GetObject", "Resource": "*"}]}';
    const finding = only(await validatePolicy(text, 'identity', { catalog: fakeCatalog() }), 'unknown-service');
    const fixes = await quickFixes(text, finding, fakeCatalog());
    assert.equal(JSON.parse(apply(text, fixes[0]!.edit)).Statement[0].Action, 's3:GetObject');
  });

  it('adds a missing Version, and the document still parses with it first', async () => {
    const text = '{\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\n}';
    const finding = only(await validatePolicy(text, 'identity'), 'version-missing');
    const [fix] = await quickFixes(text, finding, fakeCatalog());
    const fixed = apply(text, fix!.edit);
    assert.deepEqual(Object.keys(JSON.parse(fixed)), ['Version', 'Statement']);
    assert.equal(JSON.parse(fixed).Version, '2012-10-17');
  });

  it('offers nothing for a name with no close match, or a finding it has no fix for', async () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Zzzzzzzzzzzzzzzzzz", "Resource": "*"}]}';
    const finding = only(await validatePolicy(text, 'identity', { catalog: fakeCatalog() }), 'unknown-action');
    assert.deepEqual(await quickFixes(text, finding, fakeCatalog()), []);
    assert.deepEqual(await quickFixes(text, { code: 'duplicate-key', from: 0, to: 1 }, fakeCatalog()), []);
  });
});
