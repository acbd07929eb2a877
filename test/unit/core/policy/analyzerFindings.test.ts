import { strict as assert } from 'node:assert';
import { analyzerFindings } from '../../../../src/core/policy/analyzerFindings';

describe('Access Analyzer findings', () => {
  const span = (from: number, to: number) => [
    { path: [], span: { start: { line: 1, column: from, offset: from }, end: { line: 1, column: to, offset: to } } },
  ];

  it('maps each finding type to a severity, keeps the issue code, the details and the span', () => {
    const body = {
      findings: [
        {
          findingType: 'ERROR',
          issueCode: 'INVALID_ACTION',
          findingDetails: 'The action s3:Foo does not exist.',
          learnMoreLink: 'https://docs.aws.amazon.com/x',
          locations: span(10, 20),
        },
        {
          findingType: 'SECURITY_WARNING',
          issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
          findingDetails: 'PassRole on *',
          locations: span(30, 40),
        },
        { findingType: 'WARNING', issueCode: 'MISSING_VERSION', findingDetails: 'No Version', locations: span(0, 1) },
        {
          findingType: 'SUGGESTION',
          issueCode: 'EMPTY_ARRAY_ACTION',
          findingDetails: 'Empty array',
          locations: span(5, 7),
        },
      ],
    };
    const out = analyzerFindings(body, 100);
    assert.deepEqual(
      out.map((f) => [f.severity, f.code, f.from, f.to]),
      [
        ['error', 'INVALID_ACTION', 10, 20],
        ['warning', 'PASS_ROLE_WITH_STAR_IN_RESOURCE', 30, 40],
        ['warning', 'MISSING_VERSION', 0, 1],
        ['info', 'EMPTY_ARRAY_ACTION', 5, 7],
      ],
    );
    assert.equal(out[0]?.message, 'Error (Access Analyzer): The action s3:Foo does not exist.');
    assert.equal(out[1]?.message, 'Security warning (Access Analyzer): PassRole on *');
    assert.equal(out[0]?.link, 'https://docs.aws.amazon.com/x');
    assert.ok(out.every((f) => f.source === 'Access Analyzer'));
  });

  it('clamps spans to the document, tolerates missing locations and drops links that are not https', () => {
    const out = analyzerFindings(
      {
        findings: [
          { findingType: 'ERROR', issueCode: 'X', locations: span(90, 500), learnMoreLink: 'javascript:alert(1)' },
          { issueCode: 'Y' },
        ],
      },
      50,
    );
    assert.deepEqual([out[0]?.from, out[0]?.to], [50, 50]);
    assert.equal(out[0]?.link, undefined);
    assert.deepEqual([out[1]?.severity, out[1]?.from, out[1]?.to], ['warning', 0, 0]);
  });

  it('reads a body without findings, or not an object, as no findings', () => {
    assert.deepEqual(analyzerFindings({}, 10), []);
    assert.deepEqual(analyzerFindings('oops', 10), []);
    assert.deepEqual(analyzerFindings({ findings: 'x' }, 10), []);
  });
});
