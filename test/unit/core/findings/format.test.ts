/** Findings as JSON lines, SARIF 2.1.0, CSV and Markdown. */
import * as assert from 'node:assert/strict';
import { csvCell, toCsv, toJsonLines, toMarkdown, toSarif } from '../../../../src/core/findings/format';
import type { Finding } from '../../../../src/core/findings/types';

const findings: Finding[] = [
  {
    check: 'IAM.ROOT.NO_MFA',
    severity: 'critical',
    entity: 'arn:aws:iam::123456789012:root',
    entityType: 'account',
    entityName: 'root user',
    detail: 'The root user has no MFA device.',
    evidence: { mfa_active: false },
  },
  {
    check: 'IAM.KEYS.OLD',
    severity: 'medium',
    entity: 'arn:aws:iam::123456789012:user/=cmd',
    entityType: 'user',
    entityName: '=cmd',
    detail: 'Access key 1 of =cmd is 120 days old, "rotate"',
    evidence: { key: { slot: 1 } },
  },
  {
    check: 'IAM.KEYS.OLD',
    severity: 'medium',
    entity: 'arn:aws:iam::123456789012:user/bob',
    entityType: 'user',
    entityName: 'bob',
    detail: 'Access key 2 of bob | is old',
    evidence: { key: { slot: 2 } },
  },
];

describe('core/findings: output formats', () => {
  it('JSON lines: one object per finding with check, severity, entity and detail first', () => {
    const lines = toJsonLines(findings).trimEnd().split('\n');
    assert.equal(lines.length, 3);
    const first = JSON.parse(lines[0] as string) as Record<string, unknown>;
    assert.deepEqual(Object.keys(first).slice(0, 4), ['check', 'severity', 'entity', 'detail']);
    assert.equal(first.entity, 'arn:aws:iam::123456789012:root');
  });

  it('SARIF 2.1.0: one rule per check found, one result per finding, entity ARNs as logical locations', () => {
    const log = JSON.parse(toSarif(findings, { toolVersion: '1.2.3' })) as {
      version: string;
      runs: Array<{
        tool: {
          driver: {
            name: string;
            version: string;
            rules: Array<{ id: string; defaultConfiguration: { level: string }; properties: Record<string, unknown> }>;
          };
        };
        results: Array<{
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string; kind: string }> }>;
          partialFingerprints: Record<string, string>;
        }>;
      }>;
    };
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.ok(run);
    assert.deepEqual(
      run.tool.driver.rules.map((r) => r.id),
      ['IAM.ROOT.NO_MFA', 'IAM.KEYS.OLD'],
    );
    assert.equal(run.tool.driver.rules[0]?.defaultConfiguration.level, 'error');
    assert.equal(run.tool.driver.rules[0]?.properties['security-severity'], '9.5');
    assert.equal(run.results.length, 3);
    assert.deepEqual(
      run.results.map((r) => [r.ruleId, r.ruleIndex, r.level]),
      [
        ['IAM.ROOT.NO_MFA', 0, 'error'],
        ['IAM.KEYS.OLD', 1, 'warning'],
        ['IAM.KEYS.OLD', 1, 'warning'],
      ],
    );
    assert.deepEqual(
      run.results.map((r) => r.locations[0]?.logicalLocations[0]?.fullyQualifiedName),
      findings.map((f) => f.entity),
    );
    const prints = new Set(run.results.map((r) => r.partialFingerprints['iamFinding/v1']));
    assert.equal(prints.size, 3, 'two keys of one check get distinct fingerprints');
  });

  it('CSV: RFC 4180 quoting, and a cell that starts like a formula is defused', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('plain'), 'plain');
    const lines = toCsv(findings).split('\r\n');
    assert.equal(lines[0], 'check,severity,entity,entity_type,entity_name,detail,evidence');
    assert.match(
      lines[2] ?? '',
      /^IAM\.KEYS\.OLD,medium,arn:aws:iam::123456789012:user\/=cmd,user,'=cmd,"Access key 1 of =cmd is 120 days old, ""rotate""",/,
    );
    assert.equal(lines.length, 5, 'header, three rows, and the final CRLF');
  });

  it('Markdown: a table row per finding, table syntax in values escaped', () => {
    const text = toMarkdown(findings);
    assert.match(text, /3 findings\./);
    assert.ok(
      text.includes('| medium | IAM.KEYS.OLD | arn:aws:iam::123456789012:user/bob | Access key 2 of bob \\| is old |'),
      text,
    );
  });
});
