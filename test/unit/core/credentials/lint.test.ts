import { strict as assert } from 'node:assert';
import {
  formatProblem,
  lintSharedFiles,
  type CredentialsProblem,
  type SharedFilesText,
} from '../../../../src/core/credentials';
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

// The files with problems, one per kind, are in test/unit/reliability/badInput.test.ts.
describe('credentials/lint', () => {
  it('finds nothing wrong in well-formed files', () => {
    const problems = lint(
      `[default]\n${ID}\n${SECRET}\n\n[dev] # laptop\r\n${ID}\n${SECRET}\n`,
      '[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-1\n[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = dev\n',
    );
    assert.deepEqual(problems.map(formatProblem), []);
  });

  it('formats a problem with the file, line and severity', () => {
    const [problem] = lint('[]\n');
    assert.ok(problem);
    assert.match(formatProblem(problem), /^\/home\/ana\/\.aws\/credentials:1: error: /);
  });
});
