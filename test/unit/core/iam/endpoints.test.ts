import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { resolveEndpoint, type ParsedConfig } from '../../../../src/core/iam/endpoints';

const config: ParsedConfig = {
  default: { region: 'eu-west-1', services: 'local', endpoint_url: 'http://profile-wide:1' },
  plain: { endpoint_url: 'http://plain:2' },
  ignoring: { endpoint_url: 'http://x:3', ignore_configured_endpoint_urls: 'true' },
  'services.local': { 'iam.endpoint_url': 'http://iam-local:4566' },
};

describe('core/iam/endpoints', () => {
  it('the extension setting overrides everything', () => {
    const env = { AWS_ENDPOINT_URL_IAM: 'http://env-iam' };
    assert.equal(
      resolveEndpoint('iam', { setting: 'http://setting:9', env, profile: 'default', config }),
      'http://setting:9',
    );
  });

  it('service-specific env, then global env', () => {
    const env = { AWS_ENDPOINT_URL_IAM: 'http://env-iam', AWS_ENDPOINT_URL: 'http://env-all' };
    assert.equal(resolveEndpoint('iam', { env, profile: 'default', config }), 'http://env-iam');
    assert.equal(resolveEndpoint('sts', { env, profile: 'default', config }), 'http://env-all');
  });

  it('the services section of the profile, then its endpoint_url', () => {
    assert.equal(resolveEndpoint('iam', { env: {}, profile: 'default', config }), 'http://iam-local:4566');
    assert.equal(resolveEndpoint('sts', { env: {}, profile: 'default', config }), 'http://profile-wide:1');
    assert.equal(resolveEndpoint('iam', { env: {}, profile: 'plain', config }), 'http://plain:2');
  });

  it('a profile naming a services section the config file lacks: an error saying what to add', () => {
    const broken: ParsedConfig = { p: { services: 'missing', endpoint_url: 'http://p:1' } };
    assert.throws(
      () => resolveEndpoint('iam', { env: {}, profile: 'p', config: broken }),
      /Profile p names the services section "missing", but the AWS config file has no \[services missing\] section/,
    );
  });

  it('AWS itself when nothing is configured, or when configured endpoints are ignored', () => {
    assert.equal(resolveEndpoint('iam', { env: {}, profile: 'nothing', config }), undefined);
    assert.equal(resolveEndpoint('iam', { env: {}, profile: 'ignoring', config }), undefined);
    const env = { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL: 'http://env-all' };
    assert.equal(resolveEndpoint('iam', { env, profile: 'default', config }), undefined);
    assert.equal(resolveEndpoint('iam', { setting: ' http://s ', env, profile: 'default', config }), 'http://s');
  });
});

/**
 * Differential: for the profile in AWS_PROFILE (the only one the SDK looks endpoints up for),
 * resolveEndpoint gives what the SDK clients' own lookup (`config.serviceConfiguredEndpoint()`)
 * gives, over the same environment and files.
 */
describe('core/iam/endpoints: the same answers as the AWS SDK', () => {
  const saved = { ...process.env };
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'iam-explorer-endpoints-'));
  });
  after(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  interface Case {
    readonly name: string;
    readonly env?: Record<string, string>;
    readonly config: string;
    readonly credentials?: string;
  }
  const files = `
[profile p]
region = eu-west-1
services = local
endpoint_url = http://profile-wide:1

[services local]
iam =
  endpoint_url = http://iam-local:2
`;
  const cases: Case[] = [
    { name: 'nothing configured', config: '[profile p]\nregion = eu-west-1\n' },
    { name: "the services section, else the profile's endpoint_url", config: files },
    { name: 'AWS_ENDPOINT_URL_IAM over the files', env: { AWS_ENDPOINT_URL_IAM: 'http://env-iam:3' }, config: files },
    { name: 'AWS_ENDPOINT_URL over the files', env: { AWS_ENDPOINT_URL: 'http://env-all:4' }, config: files },
    { name: 'an empty variable counts as unset', env: { AWS_ENDPOINT_URL_IAM: '' }, config: files },
    {
      name: 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the variables too',
      env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL: 'http://env-all:4' },
      config: files,
    },
    {
      name: "the profile's ignore_configured_endpoint_urls ignores the variables too",
      env: { AWS_ENDPOINT_URL: 'http://env-all:4' },
      config: `${files}\n[profile p]\nignore_configured_endpoint_urls = true\n`,
    },
    {
      name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false wins over the profile's true",
      env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' },
      config: '[profile p]\nendpoint_url = http://profile-wide:1\nignore_configured_endpoint_urls = true\n',
    },
    {
      name: 'a value other than true or false (TRUE) counts as unset',
      env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' },
      config: '[profile p]\nendpoint_url = http://profile-wide:1\n',
    },
    {
      name: "the credentials file's section of the profile, under the config file's",
      config: '[profile p]\nregion = eu-west-1\n',
      credentials: '[p]\nendpoint_url = http://from-credentials:5\n',
    },
    {
      name: 'the config file wins over the credentials file',
      config: '[profile p]\nendpoint_url = http://from-config:6\n',
      credentials: '[p]\nendpoint_url = http://from-credentials:5\n',
    },
  ];

  for (const [i, c] of cases.entries()) {
    it(c.name, async () => {
      // A file path of its own per case: the SDK caches the files it read by path.
      const config = join(dir, `config-${i}`);
      const credentials = join(dir, `credentials-${i}`);
      writeFileSync(config, c.config);
      writeFileSync(credentials, c.credentials ?? '');
      const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_PROFILE: 'p', ...c.env };
      process.env = { PATH: saved.PATH, HOME: saved.HOME, ...env };
      const parsed = await loadSharedConfigFiles({ filepath: credentials, configFilepath: config, ignoreCache: true });
      const sources = {
        env,
        profile: 'p',
        config: parsed.configFile as ParsedConfig,
        credentials: parsed.credentialsFile as ParsedConfig,
      };
      const clients = { iam: new IAMClient({ region: 'us-east-1' }), sts: new STSClient({ region: 'us-east-1' }) };
      try {
        for (const service of ['iam', 'sts'] as const) {
          const config = clients[service].config as unknown as { serviceConfiguredEndpoint(): Promise<unknown> };
          const sdk = await config.serviceConfiguredEndpoint();
          assert.equal(resolveEndpoint(service, sources), sdk, `${service}: the SDK says ${String(sdk)}`);
        }
      } finally {
        clients.iam.destroy();
        clients.sts.destroy();
        process.env = saved;
      }
    });
  }

  it("the SDK looks up only AWS_PROFILE's profile: for another one, resolveEndpoint gives that profile's", async () => {
    const config = join(dir, 'config-other');
    writeFileSync(config, '[default]\nendpoint_url = http://default:7\n\n[profile other]\nregion = eu-west-1\n');
    process.env = { PATH: saved.PATH, HOME: saved.HOME, AWS_CONFIG_FILE: config };
    try {
      const iam = new IAMClient({ region: 'us-east-1', profile: 'other' });
      const sdk = await (
        iam.config as unknown as { serviceConfiguredEndpoint(): Promise<unknown> }
      ).serviceConfiguredEndpoint();
      iam.destroy();
      assert.equal(sdk, 'http://default:7', "the SDK client made for profile other reads default's endpoint_url");
      const parsed = await loadSharedConfigFiles({ configFilepath: config, ignoreCache: true });
      const sources = { env: {}, profile: 'other', config: parsed.configFile as ParsedConfig };
      assert.equal(resolveEndpoint('iam', sources), undefined, 'other has none: AWS itself');
    } finally {
      process.env = saved;
    }
  });
});
