/**
 * The credential report parser against the columns and values AWS documents ("Getting
 * credential reports", IAM User Guide): the root row's not_supported cells, N/A for absent
 * credentials, no_information for a password never used, ISO 8601 dates with an offset.
 */
import * as assert from 'node:assert/strict';
import {
  CREDENTIAL_REPORT_COLUMNS,
  CredentialReportFormatError,
  parseCredentialReport,
  ROOT_USER,
} from '../../../../src/core/findings/credentialReport';

const HEADER = CREDENTIAL_REPORT_COLUMNS.join(',');
// Rows in the documented shapes: the root user with MFA and no keys; a console user who never
// signed in with one used key; an API user with two keys, the second inactive and never used.
const ROOT_ROW =
  '<root_account>,arn:aws:iam::123456789012:root,2014-07-25T19:27:27+00:00,not_supported,2024-05-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const CONSOLE_ROW =
  'alice,arn:aws:iam::123456789012:user/alice,2020-01-02T03:04:05+00:00,true,no_information,2020-01-02T03:05:00+00:00,2020-04-01T03:05:00+00:00,false,true,2021-02-03T00:00:00+00:00,2024-05-02T11:15:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const API_ROW =
  'ci-bot,arn:aws:iam::123456789012:user/ci/ci-bot,2022-06-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2022-06-01T00:00:10+00:00,2024-05-03T00:00:00+00:00,us-east-1,iam,false,2023-01-01T00:00:00+00:00,N/A,N/A,N/A,true,2022-06-01T00:00:00+00:00,false,N/A';

describe('core/findings: credential report parser', () => {
  it('reads the root user, a console user and an API user with every documented marker', () => {
    const report = parseCredentialReport(
      [HEADER, ROOT_ROW, CONSOLE_ROW, API_ROW].join('\n'),
      new Date('2024-05-04T00:00:00Z'),
    );
    assert.equal(report.rows.length, 3);
    const [root, alice, bot] = report.rows;
    assert.equal(root?.user, ROOT_USER);
    assert.equal(root?.isRoot, true);
    assert.equal(root?.passwordEnabled, 'not_supported');
    assert.equal(root?.passwordLastChanged, 'not_supported');
    assert.deepEqual(root?.passwordLastUsed, new Date('2024-05-01T10:00:00Z'));
    assert.equal(root?.mfaActive, true);
    assert.equal(root?.accessKeys[0].lastRotated, 'N/A');

    assert.equal(alice?.isRoot, false);
    assert.equal(alice?.passwordEnabled, true);
    assert.equal(alice?.passwordLastUsed, 'no_information');
    assert.deepEqual(alice?.passwordNextRotation, new Date('2020-04-01T03:05:00Z'));
    assert.deepEqual(alice?.accessKeys[0], {
      slot: 1,
      active: true,
      lastRotated: new Date('2021-02-03T00:00:00Z'),
      lastUsedDate: new Date('2024-05-02T11:15:00Z'),
      lastUsedRegion: 'eu-west-1',
      lastUsedService: 's3',
    });
    assert.deepEqual(alice?.accessKeys[1], {
      slot: 2,
      active: false,
      lastRotated: 'N/A',
      lastUsedDate: 'N/A',
      lastUsedRegion: undefined,
      lastUsedService: undefined,
    });

    assert.equal(bot?.arn, 'arn:aws:iam::123456789012:user/ci/ci-bot');
    assert.equal(bot?.passwordEnabled, false);
    assert.equal(bot?.passwordLastUsed, 'N/A');
    assert.equal(bot?.accessKeys[1].active, false);
    assert.deepEqual(bot?.accessKeys[1].lastRotated, new Date('2023-01-01T00:00:00Z'));
    assert.deepEqual(bot?.certificates[0], { slot: 1, active: true, lastRotated: new Date('2022-06-01T00:00:00Z') });
    assert.deepEqual(report.generatedTime, new Date('2024-05-04T00:00:00Z'));
  });

  it('accepts CRLF line ends, a byte order mark, a trailing newline, quoted fields, Z dates and columns AWS may add later', () => {
    const header = `\uFEFF${HEADER},some_future_column`;
    const row = `"alice",arn:aws:iam::123456789012:user/alice,2020-01-02T03:04:05Z,TRUE,N/A,N/A,N/A,FALSE,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A,"a,b"`;
    const report = parseCredentialReport(`${header}\r\n${row}\r\n`);
    assert.equal(report.rows[0]?.user, 'alice');
    assert.equal(report.rows[0]?.passwordEnabled, true);
    assert.deepEqual(report.rows[0]?.userCreationTime, new Date('2020-01-02T03:04:05Z'));
  });

  const bad: Array<[string, string, RegExp]> = [
    ['an empty report', '', /the report is empty/],
    [
      'a header without the key columns',
      'user,arn,user_creation_time\nalice,arn,2020-01-01T00:00:00Z',
      /line 1: the header lacks the column\(s\) password_enabled, .*cert_2_last_rotated; is this an IAM credential report\?/,
    ],
    ['a short row', `${HEADER}\nalice,arn:aws:iam::123456789012:user/alice`, /line 2: 2 values, the header has 22/],
    [
      'a date that is not ISO 8601',
      `${HEADER}\n${CONSOLE_ROW.replace('2021-02-03T00:00:00+00:00', '03/02/2021')}`,
      /line 2: column access_key_1_last_rotated: '03\/02\/2021' is not an ISO 8601 date, N\/A, no_information or not_supported/,
    ],
    [
      'a boolean that is neither true nor false',
      `${HEADER}\n${CONSOLE_ROW.replace(',false,true,2021', ',no,true,2021')}`,
      /line 2: column mfa_active: 'no' is not true or false/,
    ],
    [
      'a user creation time that is a marker',
      `${HEADER}\n${API_ROW.replace('2022-06-01T00:00:00+00:00,false', 'N/A,false')}`,
      /column user_creation_time: 'N\/A' is not a date/,
    ],
    ['an unclosed quote', `${HEADER}\n"alice,arn`, /line 2: a quoted field is not closed/],
  ];
  for (const [title, text, message] of bad) {
    it(`refuses ${title}, naming the line and column`, () => {
      assert.throws(
        () => parseCredentialReport(text),
        (err: unknown) => err instanceof CredentialReportFormatError && message.test(err.message),
      );
    });
  }
});
