import { strict as assert } from 'node:assert';
import { welcomeState } from '../../../../src/core/credentials';

describe('core/credentials/welcome: when the IAM view welcomes instead of showing roots', () => {
  it('no profile anywhere: noProfiles', () => assert.equal(welcomeState([], ['default']), 'noProfiles'));
  it('profiles, but none of the selected: noSelectedProfile', () =>
    assert.equal(welcomeState(['dev', 'prod'], ['default', 'ghost']), 'noSelectedProfile'));
  it('one selected profile exists: the roots show (the others say why they cannot connect)', () =>
    assert.equal(welcomeState(['dev'], ['ghost', 'dev']), undefined));
});
