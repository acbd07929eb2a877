/** The small HCL reader: bodies, blocks, literals kept, everything else skipped as `other`, spans exact. */
import * as assert from 'node:assert/strict';
import { HclSyntaxError, parseHcl, type HclExpr } from '../../../../src/core/iac/hcl';

function attr(text: string, name: string): HclExpr {
  const a = parseHcl(text).attributes.find((x) => x.name === name);
  assert.ok(a, `no attribute ${name}`);
  return a.expr;
}

describe('iac: HCL reader', () => {
  it('reads blocks with quoted and bare labels, nested and one-line blocks', () => {
    const body = parseHcl(
      'resource "aws_iam_role" "r" {\n  name = "x"\n  inline_policy { name = "p" }\n}\nlocals { a = 1 }\nmoved {\n}\nprovider aws {}\n',
    );
    assert.deepEqual(
      body.blocks.map((b) => [b.type, b.labels]),
      [
        ['resource', ['aws_iam_role', 'r']],
        ['locals', []],
        ['moved', []],
        ['provider', ['aws']],
      ],
    );
    const role = body.blocks[0];
    assert.equal(role?.body.blocks[0]?.type, 'inline_policy');
    assert.equal(role?.body.blocks[0]?.body.attributes[0]?.name, 'name');
  });

  it('decodes string escapes and keeps where verbatim strings start', () => {
    const text = 'a = "plain"\nb = "tab\\there \\u00e9"\nc = "$${aws:username}/%%{x}"\n';
    const a = attr(text, 'a');
    assert.equal(a.t === 'string' && a.value, 'plain');
    assert.equal(a.t === 'string' && a.contentFrom, text.indexOf('plain'));
    const b = attr(text, 'b');
    assert.equal(b.t === 'string' && b.value, 'tab\there é');
    assert.equal(b.t === 'string' && b.contentFrom, undefined);
    const c = attr(text, 'c');
    assert.equal(c.t === 'string' && c.value, '${aws:username}/%{x}');
  });

  it('marks interpolated strings as computed, with nested braces and strings inside', () => {
    const e = attr('a = "x-${lookup(var.m, "k}", { a = 1 }["a"])}-y"\nb = 2\n', 'a');
    assert.equal(e.t, 'string');
    assert.equal(e.t === 'string' && e.value, undefined);
    assert.equal(attr('a = "x-${lookup(var.m, "k}", { a = 1 }["a"])}-y"\nb = 2\n', 'b').t, 'number');
  });

  it('reads heredocs, plain and indented, and whether they interpolate', () => {
    const text = 'a = <<EOF\n{"x": "$${y}"}\nEOF\nb = <<-EOT\n    {"x": "${var.y}"}\n  EOT\nc = 1\n';
    const a = attr(text, 'a');
    assert.ok(a.t === 'heredoc');
    assert.equal(a.content, '{"x": "$${y}"}\n');
    assert.equal(a.interpolated, false);
    assert.equal(a.contentFrom, text.indexOf('{"x"'));
    const b = attr(text, 'b');
    assert.ok(b.t === 'heredoc' && b.interpolated);
    assert.equal(attr(text, 'c').t, 'number');
  });

  it('reads jsonencode objects with bare and quoted keys, = and :, commas or newlines', () => {
    const e = attr(
      'p = jsonencode({\n  Version = "2012-10-17"\n  "aws:SourceArn": "a", Statement = [ { Effect = "Allow" }, ]\n  (local.k) = 1\n})\n',
      'p',
    );
    assert.ok(e.t === 'call' && e.name === 'jsonencode');
    const obj = e.args[0];
    assert.ok(obj?.t === 'object');
    assert.deepEqual(
      obj.items.map((i) => i.key),
      ['Version', 'aws:SourceArn', 'Statement', undefined],
    );
    const list = obj.items[2]?.value;
    assert.ok(list?.t === 'tuple' && list.items.length === 1);
  });

  it('skips references, operators, conditionals, for expressions and splats as other', () => {
    const text =
      [
        'a = var.x',
        'b = var.a == null ? [for x in var.l : upper(x)] : { for k, v in var.m : k => v if v != "" }',
        'c = aws_instance.web[*].id',
        'd = !var.enabled',
        'e = -1',
        'f = (1 + 2) * 3',
        'g = [var.a, "lit", 3]',
        'h = provider::aws::arn_parse("arn:aws:s3:::b")',
        'i = true',
      ].join('\n') + '\n';
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => attr(text, n).t),
      ['other', 'other', 'other', 'other', 'other', 'other'],
    );
    const g = attr(text, 'g');
    assert.ok(g.t === 'tuple');
    assert.deepEqual(
      g.items.map((x) => x.t),
      ['other', 'string', 'number'],
    );
    assert.equal(attr(text, 'h').t, 'call');
    assert.equal(attr(text, 'i').t, 'bool');
  });

  it('ignores comments of all three kinds, also after values', () => {
    const body = parseHcl('# one\n// two\n/* three\n */ a = 1 # trailing\nb = [ # inside\n  "x", // more\n]\n');
    assert.deepEqual(
      body.attributes.map((a) => [a.name, a.expr.t]),
      [
        ['a', 'number'],
        ['b', 'tuple'],
      ],
    );
  });

  it('says where it stopped on text it cannot read', () => {
    assert.throws(
      () => parseHcl('resource "x" "y" {\n  a = "unterminated\n}\n'),
      (e: unknown) => e instanceof HclSyntaxError && /not closed/.test(e.message),
    );
    assert.throws(
      () => parseHcl('a = <<EOF\nno end\n'),
      (e: unknown) => e instanceof HclSyntaxError && /heredoc/.test(e.message),
    );
    assert.throws(
      () => parseHcl('block {\n'),
      (e: unknown) => e instanceof HclSyntaxError && e.offset === 8,
    );
  });
});
