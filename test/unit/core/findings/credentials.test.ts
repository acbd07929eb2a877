/**
 * The credential report families (root, keys, console users): each check on its own table, a
 * planted finding next to a clean twin that differs in the one value the rule reads.
 */
import * as assert from 'node:assert/strict';
import { daysAgo, findingsOf, flagged, input, report, type RowInit } from './helpers';

interface Case {
  check: string;
  rows: RowInit[];
  expected: string[];
  settings?: { accessKeyMaxAgeDays?: number; rootRecentUseDays?: number };
}

const ROOT = '<root_account>';
const cases: Case[] = [
  {
    check: 'IAM.ROOT.ACCESS_KEYS',
    rows: [{ user: ROOT, mfa: true, keys: [{ active: false, rotated: daysAgo(400) }] }],
    expected: ['root user'],
  },
  { check: 'IAM.ROOT.ACCESS_KEYS', rows: [{ user: ROOT, mfa: true }], expected: [] },
  { check: 'IAM.ROOT.NO_MFA', rows: [{ user: ROOT, mfa: false }], expected: ['root user'] },
  { check: 'IAM.ROOT.NO_MFA', rows: [{ user: ROOT, mfa: true }], expected: [] },
  {
    check: 'IAM.ROOT.RECENT_USE',
    rows: [{ user: ROOT, mfa: true, passwordLastUsed: daysAgo(3) }],
    expected: ['root user'],
  },
  {
    check: 'IAM.ROOT.RECENT_USE',
    rows: [{ user: ROOT, mfa: true, keys: [{ active: true, rotated: daysAgo(400), used: daysAgo(29) }] }],
    expected: ['root user'],
  },
  {
    check: 'IAM.ROOT.RECENT_USE',
    rows: [
      {
        user: ROOT,
        mfa: true,
        passwordLastUsed: daysAgo(31),
        keys: [{ active: true, rotated: daysAgo(400), used: daysAgo(40) }],
      },
    ],
    expected: [],
  },
  {
    check: 'IAM.ROOT.RECENT_USE',
    rows: [{ user: ROOT, mfa: true, passwordLastUsed: daysAgo(31) }],
    settings: { rootRecentUseDays: 60 },
    expected: ['root user'],
  },
  {
    check: 'IAM.KEYS.OLD',
    rows: [
      { user: 'old', keys: [{ active: true, rotated: daysAgo(90), used: daysAgo(1) }] },
      { user: 'young', keys: [{ active: true, rotated: daysAgo(89), used: daysAgo(1) }] },
      { user: 'old-inactive', keys: [{ active: false, rotated: daysAgo(400), used: daysAgo(1) }] },
    ],
    expected: ['old'],
  },
  {
    check: 'IAM.KEYS.OLD',
    rows: [
      { user: 'a', keys: [{ active: true, rotated: daysAgo(31), used: daysAgo(1) }] },
      { user: 'b', keys: [{ active: true, rotated: daysAgo(29), used: daysAgo(1) }] },
    ],
    settings: { accessKeyMaxAgeDays: 30 },
    expected: ['a'],
  },
  {
    check: 'IAM.KEYS.UNUSED',
    rows: [
      { user: 'idle', keys: [{ active: true, rotated: daysAgo(100), used: daysAgo(45) }] },
      { user: 'never', keys: [{ active: true, rotated: daysAgo(45) }] },
      { user: 'busy', keys: [{ active: true, rotated: daysAgo(100), used: daysAgo(44) }] },
      { user: 'new-never', keys: [{ active: true, rotated: daysAgo(44) }] },
      { user: 'idle-inactive', keys: [{ active: false, rotated: daysAgo(100), used: daysAgo(80) }] },
    ],
    expected: ['idle', 'never'],
  },
  {
    check: 'IAM.KEYS.CREATED_WITH_USER',
    rows: [
      {
        user: 'setup',
        created: daysAgo(20),
        keys: [{ active: true, rotated: new Date(daysAgo(20).getTime() + 60_000) }],
      },
      { user: 'setup-used', created: daysAgo(20), keys: [{ active: true, rotated: daysAgo(20), used: daysAgo(2) }] },
      { user: 'later', created: daysAgo(20), keys: [{ active: true, rotated: daysAgo(19) }] },
    ],
    expected: ['setup'],
  },
  {
    check: 'IAM.KEYS.TWO_ACTIVE',
    rows: [
      {
        user: 'two',
        keys: [
          { active: true, rotated: daysAgo(3), used: daysAgo(1) },
          { active: true, rotated: daysAgo(2), used: daysAgo(1) },
        ],
      },
      {
        user: 'one-of-two',
        keys: [
          { active: false, rotated: daysAgo(3), used: daysAgo(1) },
          { active: true, rotated: daysAgo(2), used: daysAgo(1) },
        ],
      },
    ],
    expected: ['two'],
  },
  {
    check: 'IAM.KEYS.INACTIVE_STALE',
    rows: [
      { user: 'stale', keys: [{ active: false, rotated: daysAgo(300), used: daysAgo(90) }] },
      { user: 'stale-never-used', keys: [{ active: false, rotated: daysAgo(95) }] },
      { user: 'recent', keys: [{ active: false, rotated: daysAgo(300), used: daysAgo(89) }] },
      { user: 'active', keys: [{ active: true, rotated: daysAgo(30), used: daysAgo(200) }] },
    ],
    expected: ['stale', 'stale-never-used'],
  },
  {
    check: 'IAM.CONSOLE.NO_MFA',
    rows: [
      { user: ROOT, mfa: false },
      { user: 'console', passwordEnabled: true, mfa: false, passwordLastUsed: daysAgo(1) },
      { user: 'console-mfa', passwordEnabled: true, mfa: true, passwordLastUsed: daysAgo(1) },
      { user: 'api-only', passwordEnabled: false, mfa: false },
    ],
    expected: ['console'],
  },
  {
    check: 'IAM.CONSOLE.PASSWORD_UNUSED',
    rows: [
      { user: 'idle', passwordEnabled: true, mfa: true, passwordLastUsed: daysAgo(45) },
      {
        user: 'never',
        passwordEnabled: true,
        mfa: true,
        passwordLastUsed: 'no_information',
        passwordLastChanged: daysAgo(50),
      },
      { user: 'active', passwordEnabled: true, mfa: true, passwordLastUsed: daysAgo(44) },
      {
        user: 'new-never',
        passwordEnabled: true,
        mfa: true,
        passwordLastUsed: 'no_information',
        passwordLastChanged: daysAgo(10),
      },
      { user: 'no-password', passwordEnabled: false },
    ],
    expected: ['idle', 'never'],
  },
];

describe('findings: credential report checks (root, keys, console)', () => {
  cases.forEach((c, i) => {
    it(`${c.check} (table row ${i + 1}): flags ${c.expected.length ? c.expected.join(', ') : 'nothing'} among ${c.rows.map((r) => r.user).join(', ')}`, () => {
      const settings = { accessKeyMaxAgeDays: 90, knownAccounts: [], rootRecentUseDays: 30, ...c.settings };
      assert.deepEqual(flagged(c.check, input({ credentialReport: report(c.rows), settings })), [...c.expected].sort());
    });
  });

  it('one finding per key, with the slot and dates as evidence and the key age in the detail', () => {
    const data = input({
      credentialReport: report([
        {
          user: 'both-old',
          keys: [
            { active: true, rotated: daysAgo(120), used: daysAgo(1) },
            { active: true, rotated: daysAgo(100), used: daysAgo(1) },
          ],
        },
      ]),
    });
    const found = findingsOf('IAM.KEYS.OLD', data);
    assert.deepEqual(
      found.map((f) => (f.evidence.key as { slot: number }).slot),
      [1, 2],
    );
    assert.match(found[0]?.detail ?? '', /Access key 1 of both-old is 120 days old/);
    assert.equal(found[0]?.severity, 'medium');
    assert.equal(found[0]?.entity, 'arn:aws:iam::123456789012:user/both-old');
  });
});
