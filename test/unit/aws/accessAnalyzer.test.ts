import { strict as assert } from 'node:assert';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { checkNoNewAccess, validateWithAccessAnalyzer } from '../../../src/aws/accessAnalyzer';
import type { Connection } from '../../../src/aws/connections';
import { SdkIamService } from '../../../src/aws/iamService';
import { regionProblem } from '../../../src/core/iam/partition';

describe('aws/accessAnalyzer: the region is checked before it becomes a host name', () => {
  const credentials = { accessKeyId: 'AKIAFAKEFAKEFAKE0001', secretAccessKey: 'fake/secret' };
  const connection = (region: string): Connection =>
    ({
      profile: 'p',
      region,
      partition: 'aws',
      service: new SdkIamService(
        new IAMClient({ region: 'us-east-1', credentials }),
        new STSClient({ region: 'us-east-1', credentials }),
      ),
    }) as unknown as Connection;

  it('accepts AWS region names', () => {
    for (const region of [
      'us-east-1',
      'eu-west-3',
      'us-gov-west-1',
      'cn-northwest-1',
      'ap-southeast-4',
      'il-central-1',
      'us-isob-east-1',
      'mx-central-1',
    ]) {
      assert.equal(regionProblem(region), undefined, region);
    }
  });

  it('refuses anything else, with the fix, and sends nothing', async () => {
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (async (url: string) => {
      fetched.push(String(url));
      throw new Error('no network in this test');
    }) as typeof fetch;
    try {
      for (const region of [
        'attacker.example.com#',
        'us-east-1.evil.net/x?',
        'us-east-1@evil',
        'US-EAST-1',
        '',
        'localhost',
        'us-east-1 ',
        'a'.repeat(80),
      ]) {
        await assert.rejects(validateWithAccessAnalyzer(connection(region), '{}', 'identity'), (e: unknown) => {
          assert.match(
            String(e),
            /is not an AWS region name \(like us-east-1, eu-west-3 or us-gov-west-1\)\. Fix iamExplorer\.region, or the profile's region/,
          );
          return true;
        });
      }
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.deepEqual(fetched, [], 'no request left for a host built from a bad region');
  });

  it('CheckNoNewAccess: the same region check, and a custom endpoint is refused, before any client is made or anything sent', async () => {
    const iam = new IAMClient({ region: 'us-east-1', credentials });
    const sent: string[] = [];
    // Any request would go through the IAM client's credentials: count every use of them.
    const counting = {
      ...connection('us-east-1'),
      iam: { config: { credentials: async () => (sent.push('credentials'), credentials) } },
    } as unknown as Connection;
    await assert.rejects(
      checkNoNewAccess({ ...counting, region: 'attacker.example.com#' } as Connection, '{}', '{}', 'identity'),
      /is not an AWS region name/,
    );
    await assert.rejects(
      checkNoNewAccess({ ...counting, iamEndpoint: 'http://127.0.0.1:4566' } as Connection, '{}', '{}', 'trust'),
      /Access Analyzer runs only against AWS; this profile uses the endpoint http:\/\/127\.0\.0\.1:4566\./,
    );
    assert.deepEqual(sent, [], 'no credentials were read, so nothing was signed or sent');
    iam.destroy();
  });
});
