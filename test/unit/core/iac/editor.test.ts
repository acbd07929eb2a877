/** Completion, hover and quick fixes by file position, in every format (real catalog). */
import * as assert from 'node:assert/strict';
import { completeInFile, hoverInFile, quickFixes } from '../../../../src/core/iac/editor';
import { lintText } from '../../../../src/core/iac/files';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';

const YAML = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action:
              - s3:GetObjekt
              - s3:GetO
            Resource: '*'
`;
const TF = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:GetObjekt", "s3:GetO"], Resource = "*" }]
  })
}
`;
const JSON_POLICY = `{
  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjekt", "s3:GetO"], "Resource": "*"}]
}
`;

function apply(text: string, edit: { from: number; to: number; text: string }): string {
  return text.slice(0, edit.from) + edit.text + text.slice(edit.to);
}

describe('iac: completion, hover and quick fixes in files', () => {
  const catalog = createIamDataCatalog();
  const cases: [string, string][] = [['template.yaml', YAML], ['main.tf', TF], ['p.policy.json', JSON_POLICY]];

  for (const [path, text] of cases) {
    it(`${path}: completes actions with their access level, replacing the typed string`, async () => {
      const offset = text.lastIndexOf('s3:GetO') + 's3:GetO'.length;
      const result = await completeInFile(path, text, offset, catalog);
      assert.ok(result, 'no completion');
      const item = result.items.find((i) => i.label === 's3:GetObject');
      assert.equal(item?.detail, 'Read');
      assert.match(item?.description ?? '', /retrieve objects/);
      assert.equal(text.slice(result.from, result.to), 's3:GetO');
    });

    it(`${path}: hover shows an action's description`, async () => {
      const info = await hoverInFile(path, text, text.indexOf('s3:GetObjekt') + 2, catalog);
      assert.equal(info?.kind, 'unknown');
      const real = text.replace('s3:GetObjekt', 's3:GetObject');
      const onReal = await hoverInFile(path, real, real.indexOf('s3:GetObject') + 3, catalog);
      assert.equal(onReal?.title, 's3:GetObject');
      assert.match(onReal?.description ?? '', /Grants permission to retrieve objects/);
      assert.deepEqual(onReal?.accessLevels, ['Read']);
    });

    it(`${path}: quick fixes replace the misspelt action and add the missing Version`, async () => {
      const findings = (await lintText(path, text, catalog)).findings;
      const unknown = findings.find((f) => f.code === 'unknown-action' && text.slice(f.from, f.to).includes('GetObjekt'));
      assert.ok(unknown, JSON.stringify(findings.map((f) => f.code)));
      const [fix] = await quickFixes(path, text, unknown, catalog);
      assert.equal(fix?.title, 'Replace with s3:GetObject');
      const fixed = apply(text, fix.edit);
      assert.ok(fixed.includes('s3:GetObject') && !fixed.includes('GetObjekt'));

      const version = findings.find((f) => f.code === 'version-missing');
      assert.ok(version);
      const [add] = await quickFixes(path, text, version, catalog);
      assert.ok(add);
      const withVersion = apply(text, add.edit);
      const after = (await lintText(path, withVersion, catalog)).findings.map((f) => f.code);
      assert.ok(!after.includes('version-missing'), `${withVersion}\n${after.join(' ')}`);
      assert.ok(!after.some((c) => c === 'json-syntax' || c === 'unknown-element'), after.join(' '));
    });
  }

  it('offers nothing outside policies or inside computed values', async () => {
    assert.equal(await completeInFile('template.yaml', YAML, 3, catalog), undefined);
    const tf = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:${var.x}"], Resource = "*" }] })\n}\n';
    assert.equal(await completeInFile('main.tf', tf, tf.indexOf('var.x'), catalog), undefined);
  });
});
