/** SAM: an API's Auth.ResourcePolicy.CustomStatements are checked as a resource policy SAM completes. */
import * as assert from 'node:assert/strict';
import { LineIndex, lintText } from '../../../../src/core/iac/files';
import { createIamDataCatalog } from '../../../../src/core/policy/iamDataCatalog';

const api = (resourcePolicy: string[]): string =>
  [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: prod',
    '      Auth:',
    '        ResourcePolicy:',
    ...resourcePolicy.map((l) => `          ${l}`),
    '',
  ].join('\n');

describe('iac: SAM API resource policies', () => {
  const catalog = createIamDataCatalog();
  const lines = async (text: string): Promise<string[]> => {
    const index = new LineIndex(text);
    const result = await lintText('template.yaml', text, catalog);
    assert.equal(result.policies, 1);
    return result.findings.map((f) => `${index.position(f.from).line} ${f.code}`);
  };
  const statements = [
    'CustomStatements:',
    '  - Effect: Allow',
    '    Principal: "*"',
    '    Action: execute-api:Invok',
    '    Resource: execute-api:/*',
  ];

  it('checks CustomStatements (a list or one statement) with the Version SAM writes', async () => {
    assert.deepEqual(await lines(api(statements)), ['11 open-principal', '12 unknown-action']);
    const one = [
      'CustomStatements: {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: "execute-api:/*"}',
    ];
    assert.deepEqual(await lines(api(one)), ['9 open-principal']);
  });

  it('an Allow to everyone is not called open when SAM adds allow or block lists of its own', async () => {
    assert.deepEqual(await lines(api(['IntrinsicVpceWhitelist: [!Ref Vpce]', ...statements])), ['13 unknown-action']);
  });
});
