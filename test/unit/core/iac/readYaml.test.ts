/** The YAML reader over yaml's concrete syntax tree: values, spans, tags, nulls, errors. */
import * as assert from 'node:assert/strict';
import type { IacValue } from '../../../../src/core/iac/ir';
import { readYaml } from '../../../../src/core/iac/readYaml';

function plain(v: IacValue | undefined): unknown {
  if (!v) return undefined;
  switch (v.type) {
    case 'object':
      return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return v.items.map(plain);
    case 'unknown':
      return `<${v.why}>`;
    case 'null':
      return null;
    default:
      return v.value;
  }
}

describe('iac: YAML reader', () => {
  it('reads block and flow collections, quoted keys and scalars; plain scalars stay text', () => {
    const text = "A: 1\n'B': \"two\"\nC: [x, 'y', {D: 2012-10-17}]\nE:\n  - false\n  - ~\n  -\nF:\nG: |\n  line\n";
    assert.deepEqual(plain(readYaml(text).value), {
      A: '1',
      B: 'two',
      C: ['x', 'y', { D: '2012-10-17' }],
      E: ['false', null],
      F: null,
      G: 'line\n',
    });
  });

  it('keeps exact spans: keys, plain and quoted values (content start for verbatim strings)', () => {
    const text = 'Key: plain value\nOther: "quoted"\n';
    const v = readYaml(text).value;
    assert.ok(v?.type === 'object');
    const [a, b] = v.entries;
    assert.equal(text.slice(a?.keyFrom, a?.keyTo), 'Key');
    assert.ok(a?.value.type === 'string' && b?.value.type === 'string');
    assert.equal(text.slice(a.value.from, a.value.to), 'plain value');
    assert.equal(a.value.contentFrom, text.indexOf('plain'));
    assert.equal(text.slice(b.value.from, b.value.to), '"quoted"');
    assert.equal(b.value.contentFrom, text.indexOf('quoted'));
  });

  it('marks any local tag as unknown, on scalars, block and flow collections, spanning the tag', () => {
    const text = 'A: !Ref X\nB: !If\n  - c\n  - d\nC: [!Sub "${x}", plain]\nD: !!str kept\nE: *anchor\n';
    const v = readYaml(text).value;
    assert.deepEqual(plain(v), {
      A: '<intrinsic !Ref>',
      B: '<intrinsic !If>',
      C: ['<intrinsic !Sub>', 'plain'],
      D: 'kept',
      E: '<alias>', // no such anchor
    });
    assert.ok(v?.type === 'object');
    const b = v.entries[1]?.value;
    assert.equal(text.slice(b?.from, b?.to), '!If\n  - c\n  - d');
  });

  it('resolves aliases and << merge keys as `aws cloudformation package` does; own keys win', () => {
    const text = [
      'Base: &base',
      '  Effect: Allow',
      '  Action: s3:GetObject',
      'Other: &other {Resource: "*", Effect: Deny}',
      'Copy: *base',
      'Merged:',
      '  <<: [*base, *other]',
      '  Action: s3:PutObject',
      'Tagged: &t !Ref X',
      'Again: *t',
      'Unresolved:',
      '  <<: *later',
      '  Sid: A',
      'Later: &later {Sid: B}',
      '',
    ].join('\n');
    const v = readYaml(text).value;
    assert.deepEqual(plain(v), {
      Base: { Effect: 'Allow', Action: 's3:GetObject' },
      Other: { Resource: '*', Effect: 'Deny' },
      Copy: { Effect: 'Allow', Action: 's3:GetObject' },
      Merged: { Action: 's3:PutObject', Effect: 'Allow', Resource: '*' },
      Tagged: '<intrinsic !Ref>',
      Again: '<intrinsic !Ref>',
      Unresolved: '<merge key>',
      Later: { Sid: 'B' },
    });
    // A merged value keeps the span of its anchored original, where a finding in it is shown.
    assert.ok(v?.type === 'object');
    const merged = v.entries.find((e) => e.key === 'Merged')?.value;
    assert.ok(merged?.type === 'object');
    const effect = merged.entries.find((e) => e.key === 'Effect')?.value;
    assert.equal(text.slice(effect?.from, effect?.to), 'Allow');
    assert.equal(effect?.from, text.indexOf('Allow'));
  });

  it('reports broken YAML as broken, not as values', () => {
    assert.equal(readYaml('A: [1, 2\nB: 3\n').broken, true);
    assert.equal(readYaml('A: "unterminated\n').broken, true);
    assert.equal(readYaml('').value, undefined);
  });
});
