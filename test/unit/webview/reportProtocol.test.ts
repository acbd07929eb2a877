import * as assert from 'node:assert/strict';
import { hasLongToken, LONG_TOKEN } from '../../../src/webview/reportProtocol';

describe('report page: which table cells may wrap mid-token', () => {
  it('lets a cell with an ARN wrap anywhere', () => {
    assert.equal(hasLongToken(['arn:aws:iam::111122223333:role/service-role/*']), true);
    assert.equal(hasLongToken(['All resources', 'arn:aws:lambda:eu-west-1:111122223333:function:*']), true);
  });

  it('keeps cells of words whole, however many words ("Permissions management: 23 of 23")', () => {
    assert.equal(hasLongToken(['Permissions management: 23 of 23', 'Full: List', 'Limited: Read, Write']), false);
    assert.equal(
      hasLongToken(['aws:MultiFactorAuthPresent', 'aws:PrincipalServiceNamesList']),
      false,
      'condition keys',
    );
    assert.equal(hasLongToken(['x'.repeat(LONG_TOKEN)]), false);
    assert.equal(hasLongToken(['x'.repeat(LONG_TOKEN + 1)]), true);
    assert.equal(hasLongToken([]), false);
  });
});
