import { strict as assert } from 'node:assert';
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

  it('AWS itself when nothing is configured, or when configured endpoints are ignored', () => {
    assert.equal(resolveEndpoint('iam', { env: {}, profile: 'nothing', config }), undefined);
    assert.equal(resolveEndpoint('iam', { env: {}, profile: 'ignoring', config }), undefined);
    const env = { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL: 'http://env-all' };
    assert.equal(resolveEndpoint('iam', { env, profile: 'default', config }), undefined);
    assert.equal(resolveEndpoint('iam', { setting: ' http://s ', env, profile: 'default', config }), 'http://s');
  });
});
