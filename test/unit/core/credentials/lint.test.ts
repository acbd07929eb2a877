import { strict as assert } from 'node:assert';
import { formatProblem, lintSharedFiles, type CredentialsProblem, type SharedFilesText } from '../../../../src/core/credentials';
import { OLD_KEY } from './helpers';

const ID = `aws_access_key_id = ${OLD_KEY.accessKeyId}`;
const SECRET = `aws_secret_access_key = ${OLD_KEY.secretAccessKey}`;

function lint(credentials?: string, config?: string): CredentialsProblem[] {
  const files: SharedFilesText = {
    credentials: credentials === undefined ? undefined : { path: '/home/ana/.aws/credentials', text: credentials },
    config: config === undefined ? undefined : { path: '/home/ana/.aws/config', text: config },
  };
  return lintSharedFiles(files);
}

interface Case {
  readonly title: string;
  readonly credentials?: string;
  readonly config?: string;
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly file: 'credentials' | 'config';
  readonly line: number;
  /** A phrase of the fix the message must give. */
  readonly fix: RegExp;
}

const CASES: Case[] = [
  { title: 'a header without its closing bracket', credentials: `[ok]\n${ID}\n${SECRET}\n[dev\nregion = x\n`, code: 'unclosed-header', severity: 'error', file: 'credentials', line: 4, fix: /read as part of \[ok\].*Add the `\]`/ },
  { title: 'an empty header', credentials: '[]\nregion = x\n', code: 'empty-header', severity: 'error', file: 'credentials', line: 1, fix: /Write a profile name/ },
  { title: 'spaces inside the brackets', credentials: '[ dev ]\nregion = x\n', code: 'header-spaces', severity: 'warning', file: 'credentials', line: 1, fix: /Write \[dev\]/ },
  { title: 'a malformed [profile  x] header', config: '[profile  dev]\nregion = x\n', code: 'malformed-header', severity: 'warning', file: 'config', line: 1, fix: /\[profile dev\]/ },
  { title: 'an unknown section type', config: '[plugin thing]\nx = 1\n', code: 'unknown-section', severity: 'warning', file: 'config', line: 1, fix: /Remove it or fix its type/ },
  { title: '[profile x] in the credentials file', credentials: `[profile dev]\n${ID}\n${SECRET}\n`, code: 'misplaced-header', severity: 'warning', file: 'credentials', line: 1, fix: /write \[dev\] here/ },
  { title: '[sso-session x] in the credentials file', credentials: '[sso-session corp]\nsso_region = x\n', code: 'misplaced-header', severity: 'warning', file: 'credentials', line: 1, fix: /move it to the config file/ },
  { title: 'a named profile without the prefix in config', config: '[dev]\nregion = x\n', code: 'config-missing-profile-prefix', severity: 'warning', file: 'config', line: 1, fix: /Write \[profile dev\]/ },
  { title: '[default] shadowed by [profile default]', config: '[default]\nregion = a\n[profile default]\nregion = b\n', code: 'shadowed-default', severity: 'warning', file: 'config', line: 1, fix: /Merge them/ },
  { title: 'a duplicate profile', credentials: `[dev]\n${ID}\n[ops]\nregion = x\n[dev]\n${SECRET}\n`, code: 'duplicate-section', severity: 'warning', file: 'credentials', line: 5, fix: /also defined at line 1.*Merge them/ },
  { title: 'a duplicate key', credentials: `[dev]\n${ID}\n${SECRET}\nregion = a\nregion = b\n`, code: 'duplicate-key', severity: 'warning', file: 'credentials', line: 5, fix: /first at line 4.*Remove one/ },
  { title: 'a key id without its secret', credentials: `[dev]\n${ID}\n`, code: 'missing-secret', severity: 'error', file: 'credentials', line: 2, fix: /Add the secret/ },
  { title: 'a secret without its key id', credentials: `[dev]\n${SECRET}\n`, code: 'missing-key-id', severity: 'error', file: 'credentials', line: 2, fix: /Add the key id/ },
  { title: 'an empty aws_secret_access_key', credentials: `[dev]\n${ID}\naws_secret_access_key =\n`, code: 'empty-value', severity: 'error', file: 'credentials', line: 3, fix: /Give it a value/ },
  { title: 'upper-case key names', credentials: `[dev]\nAWS_ACCESS_KEY_ID = ${OLD_KEY.accessKeyId}\n`, code: 'key-case', severity: 'warning', file: 'credentials', line: 2, fix: /Write `aws_access_key_id`/ },
  { title: 'a colon instead of =', credentials: `[dev]\naws_access_key_id: ${OLD_KEY.accessKeyId}\n`, code: 'colon-separator', severity: 'warning', file: 'credentials', line: 2, fix: /Replace the `:` with `=`/ },
  { title: 'a line that is not key = value', credentials: '[dev]\njust some words\n', code: 'not-key-value', severity: 'warning', file: 'credentials', line: 2, fix: /comments start with # or ;/ },
  { title: 'a line with no key before =', credentials: '[dev]\n= value\n', code: 'missing-key', severity: 'warning', file: 'credentials', line: 2, fix: /Add the key name/ },
  { title: 'a setting above the first header', credentials: 'region = x\n[dev]\n', code: 'outside-section', severity: 'warning', file: 'credentials', line: 1, fix: /Move it under a \[profile\] header/ },
  { title: 'a key id and secret swapped', credentials: `[dev]\naws_access_key_id = ${OLD_KEY.secretAccessKey}\naws_secret_access_key = ${OLD_KEY.accessKeyId}\n`, code: 'malformed-key-id', severity: 'warning', file: 'credentials', line: 2, fix: /not swapped with the secret/ },
  { title: 'a session token with a long-term key', credentials: `[dev]\n${ID}\n${SECRET}\naws_session_token = fake-token\n`, code: 'stale-session-token', severity: 'warning', file: 'credentials', line: 4, fix: /Remove the aws_session_token line/ },
  { title: 'a missing source_profile', config: '[profile a]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = nope\n', code: 'missing-source-profile', severity: 'error', file: 'config', line: 3, fix: /Add that profile or fix the name/ },
  { title: 'both source_profile and credential_source', config: '[profile a]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = a\ncredential_source = Environment\n', code: 'conflicting-source', severity: 'error', file: 'config', line: 3, fix: /Keep one/ },
  { title: 'role_arn with nothing to assume it', config: '[profile a]\nrole_arn = arn:aws:iam::111122223333:role/R\n', code: 'role-without-source', severity: 'warning', file: 'config', line: 2, fix: /Add source_profile/ },
  { title: 'a missing sso-session', config: '[profile a]\nsso_session = corp\n', code: 'missing-sso-session', severity: 'error', file: 'config', line: 2, fix: /\[sso-session corp\]/ },
  { title: 'a missing services section', config: '[profile a]\nservices = local\n', code: 'missing-services', severity: 'error', file: 'config', line: 2, fix: /\[services local\]/ },
  { title: 'a [__proto__] section', credentials: '[dev]\nregion = x\n[__proto__]\n', code: 'rejected-file', severity: 'error', file: 'credentials', line: 3, fix: /Rename the section/ },
  { title: 'a profile named like a JavaScript built-in', credentials: '[constructor]\nregion = x\n', code: 'reserved-name', severity: 'warning', file: 'credentials', line: 1, fix: /Rename it/ },
  { title: 'a UTF-16 file', credentials: '\ufeff[\u0000d\u0000e\u0000v\u0000]\u0000', code: 'not-utf8', severity: 'error', file: 'credentials', line: NaN, fix: /Save it as UTF-8/ },
];

describe('credentials/lint: bad input gets a clear message', () => {
  for (const c of CASES) {
    it(c.title, () => {
      const problems = lint(c.credentials, c.config);
      const problem = problems.find((p) => p.code === c.code);
      assert.ok(problem, `expected ${c.code}, got ${problems.map((p) => p.code).join(', ') || 'nothing'}`);
      assert.equal(problem.severity, c.severity);
      assert.equal(problem.file, c.file);
      if (!Number.isNaN(c.line)) assert.equal(problem.line, c.line);
      assert.match(problem.message, c.fix);
      const text = problems.map(formatProblem).join('\n');
      assert.ok(!text.includes(OLD_KEY.secretAccessKey), 'a lint message quotes a secret');
    });
  }

  it('finds nothing wrong in well-formed files', () => {
    const problems = lint(`[default]\n${ID}\n${SECRET}\n\n[dev] # laptop\r\n${ID}\n${SECRET}\n`, '[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-1\n[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = dev\n');
    assert.deepEqual(problems.map(formatProblem), []);
  });

  it('formats a problem with the file, line and severity', () => {
    const [problem] = lint('[]\n');
    assert.ok(problem);
    assert.match(formatProblem(problem), /^\/home\/ana\/\.aws\/credentials:1: error: /);
  });
});
