import assert from 'node:assert/strict';
import {
  FindingsFileError,
  readAuthorizationDetailsFile,
  readCredentialReportFile,
  readPasswordPolicyFile,
} from '../../../../src/core/findings/offline';
import { CREDENTIAL_REPORT_COLUMNS } from '../../../../src/core/findings/credentialReport';

const HEADER = CREDENTIAL_REPORT_COLUMNS.join(',');
const ROOT =
  '<root_account>,arn:aws:iam::111122223333:root,2015-01-01T00:00:00+00:00,not_supported,no_information,' +
  'not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const ALICE =
  'alice,arn:aws:iam::111122223333:user/alice,2020-01-01T00:00:00+00:00,true,2026-01-05T10:00:00+00:00,' +
  '2020-01-01T00:00:00+00:00,N/A,false,true,2020-01-01T00:05:00+00:00,2026-01-30T00:00:00+00:00,us-east-1,s3,' +
  'false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const CSV = [HEADER, ROOT, ALICE].join('\n') + '\n';

const throwsFileError = (fn: () => unknown, message: RegExp): void =>
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof FindingsFileError, String(err));
    assert.match(err.message, message);
    return true;
  });

describe('findings from files: the credential report', () => {
  it('reads the CSV itself, root row and user rows with their markers', () => {
    const r = readCredentialReportFile(CSV, 'report.csv');
    assert.deepEqual(
      r.rows.map((row) => [row.user, row.isRoot, row.passwordEnabled]),
      [
        ['<root_account>', true, 'not_supported'],
        ['alice', false, true],
      ],
    );
    assert.equal(r.rows[0]?.passwordLastUsed, 'no_information');
    assert.equal((r.rows[1]?.accessKeys[0].lastUsedDate as Date).toISOString(), '2026-01-30T00:00:00.000Z');
  });

  it('reads the JSON of `aws iam get-credential-report` (base64 Content, GeneratedTime)', () => {
    const json = JSON.stringify({
      Content: Buffer.from(CSV).toString('base64'),
      ReportFormat: 'text/csv',
      GeneratedTime: '2026-02-01T08:00:00+00:00',
    });
    const r = readCredentialReportFile(json, 'report.json');
    assert.equal(r.rows.length, 2);
    assert.equal(r.generatedTime?.toISOString(), '2026-02-01T08:00:00.000Z');
  });

  it('reads the base64 Content alone (aws ... --query Content --output text)', () => {
    const r = readCredentialReportFile(Buffer.from(CSV).toString('base64') + '\n', 'content.b64');
    assert.equal(r.rows[1]?.user, 'alice');
  });

  it('names the file and the line of a bad cell', () => {
    throwsFileError(
      () => readCredentialReportFile(CSV.replace('2020-01-01T00:05:00+00:00', 'yesterday'), 'r.csv'),
      /^r\.csv: credential report, line 3: column access_key_1_last_rotated: 'yesterday' is not an ISO 8601 date/,
    );
  });

  it('says what a credential report looks like when given something else', () => {
    throwsFileError(
      () => readCredentialReportFile('name,age\nbob,3\n', 'x.csv'),
      /^x\.csv: is not a credential report/,
    );
    throwsFileError(() => readCredentialReportFile('{"ReportFormat": "text/csv"}', 'x.json'), /has no "Content"/);
    throwsFileError(
      () => readCredentialReportFile(`{"Content": "${Buffer.from('a,b\n').toString('base64')}"}`, 'x.json'),
      /the decoded report is not a CSV whose header starts "user,arn,"/,
    );
    throwsFileError(() => readCredentialReportFile('{"Content": ', 'x.json'), /^x\.json: is not valid JSON/);
  });
});

describe('findings from files: the password policy', () => {
  it('reads the JSON of `aws iam get-account-password-policy`', () => {
    const p = readPasswordPolicyFile(
      JSON.stringify({ PasswordPolicy: { MinimumPasswordLength: 8, RequireSymbols: true, ExpirePasswords: false } }),
      'pp.json',
    );
    assert.deepEqual(p, { MinimumPasswordLength: 8, RequireSymbols: true, ExpirePasswords: false });
  });

  it('reads the policy object alone, and null (or {"PasswordPolicy": null}) as no policy', () => {
    assert.deepEqual(readPasswordPolicyFile('{"PasswordReusePrevention": 24}', 'pp.json'), {
      PasswordReusePrevention: 24,
    });
    assert.equal(readPasswordPolicyFile('null', 'pp.json'), null);
    assert.equal(readPasswordPolicyFile('{"PasswordPolicy": null}', 'pp.json'), null);
  });

  it('names the member with a wrong type', () => {
    throwsFileError(
      () => readPasswordPolicyFile('{"PasswordPolicy": {"MinimumPasswordLength": "14"}}', 'pp.json'),
      /^pp\.json: MinimumPasswordLength must be a whole number, not "14"/,
    );
    throwsFileError(
      () => readPasswordPolicyFile('{"RequireSymbols": "yes"}', 'pp.json'),
      /RequireSymbols must be true or false/,
    );
    throwsFileError(() => readPasswordPolicyFile('[1]', 'pp.json'), /must hold \{"PasswordPolicy": \{\.\.\.\}\}/);
  });
});

describe('findings from files: the authorization details', () => {
  // As the AWS CLI prints it: documents decoded into objects, dates as ISO text.
  const details = {
    UserDetailList: [
      {
        Path: '/',
        UserName: 'alice',
        UserId: 'AIDAEXAMPLE',
        Arn: 'arn:aws:iam::111122223333:user/alice',
        CreateDate: '2020-01-01T00:00:00+00:00',
        GroupList: [],
        AttachedManagedPolicies: [{ PolicyName: 'Admin', PolicyArn: 'arn:aws:iam::111122223333:policy/Admin' }],
        UserPolicyList: [
          {
            PolicyName: 'inline',
            PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
          },
        ],
        Tags: [],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [
      {
        Path: '/',
        RoleName: 'ci',
        RoleId: 'AROAEXAMPLE',
        Arn: 'arn:aws:iam::111122223333:role/ci',
        CreateDate: '2021-03-04T05:06:07Z',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
        },
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [],
        RoleLastUsed: { LastUsedDate: '2025-12-24T00:00:00+00:00', Region: 'eu-west-1' },
      },
    ],
    Policies: [
      {
        PolicyName: 'Admin',
        PolicyId: 'ANPAEXAMPLE',
        Arn: 'arn:aws:iam::111122223333:policy/Admin',
        Path: '/',
        DefaultVersionId: 'v1',
        AttachmentCount: 1,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: '2020-01-01T00:00:00+00:00',
        UpdateDate: '2020-01-01T00:00:00+00:00',
        PolicyVersionList: [
          {
            Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
            VersionId: 'v1',
            IsDefaultVersion: true,
            CreateDate: '2020-01-01T00:00:00+00:00',
          },
        ],
      },
    ],
  };

  it('turns dates back into dates and documents back into text, taking the account from the ARNs', () => {
    const s = readAuthorizationDetailsFile(JSON.stringify(details), 'details.json');
    assert.equal(s.accountId, '111122223333');
    const role = s.roles[0];
    assert.ok(role?.created instanceof Date);
    assert.equal(role.created.toISOString(), '2021-03-04T05:06:07.000Z');
    assert.equal(role.lastUsed?.date?.toISOString(), '2025-12-24T00:00:00.000Z');
    assert.deepEqual(role.trustPolicy.json, details.RoleDetailList[0]?.AssumeRolePolicyDocument);
    assert.deepEqual(
      s.users[0]?.inlinePolicies[0]?.document.json,
      details.UserDetailList[0]?.UserPolicyList[0]?.PolicyDocument,
    );
    assert.deepEqual(s.policies[0]?.defaultDocument?.json, details.Policies[0]?.PolicyVersionList[0]?.Document);
  });

  it('takes URL-encoded document strings (the API form) too, and a list of pages', () => {
    const page2 = {
      RoleDetailList: [
        {
          ...details.RoleDetailList[0],
          RoleName: 'other',
          Arn: 'arn:aws:iam::111122223333:role/other',
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [] })),
        },
      ],
    };
    const s = readAuthorizationDetailsFile(JSON.stringify([details, page2]), 'pages.json');
    assert.deepEqual(
      s.roles.map((r) => [r.name, r.trustPolicy.json]),
      [
        ['ci', details.RoleDetailList[0]?.AssumeRolePolicyDocument],
        ['other', { Version: '2012-10-17', Statement: [] }],
      ],
    );
  });

  it('uses the account id given, and asks for one when the file names none', () => {
    assert.equal(
      readAuthorizationDetailsFile('{"UserDetailList": []}', 'd.json', '444455556666').accountId,
      '444455556666',
    );
    throwsFileError(
      () => readAuthorizationDetailsFile('{"UserDetailList": []}', 'd.json'),
      /names no user, group, role or customer managed policy to take the account id from; give --account-id/,
    );
  });

  it('names what is wrong with a file that is not the command output', () => {
    throwsFileError(() => readAuthorizationDetailsFile('{"Users": []}', 'd.json'), /has none of UserDetailList/);
    throwsFileError(
      () => readAuthorizationDetailsFile('{"RoleDetailList": {}}', 'd.json'),
      /RoleDetailList must be a list/,
    );
    throwsFileError(
      () =>
        readAuthorizationDetailsFile(
          JSON.stringify({ RoleDetailList: [{ ...details.RoleDetailList[0], CreateDate: 'last week' }] }),
          'd.json',
        ),
      /^d\.json: RoleDetailList\[0\]\.CreateDate: "last week" is not a date/,
    );
  });
});
