// Seeded random policies and requests: properties that must hold whatever the documents.
import * as assert from 'node:assert/strict';
import { evaluate } from '../../../../src/core/eval/engine';
import type { EvalInput } from '../../../../src/core/eval/types';

/** mulberry32: a small deterministic PRNG, so a failure names a reproducible seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const A = '111122223333';
const B = '444455556666';
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:*', 's3:Get*', 'ec2:*', '*', 'sqs:SendMessage', 'iam:Get*'];
const REQUEST_ACTIONS = ['s3:GetObject', 's3:PutObject', 'ec2:RunInstances', 'sqs:SendMessage', 'iam:GetUser'];
const RESOURCES = [
  '*',
  'arn:aws:s3:::b/*',
  'arn:aws:s3:::b/k',
  'arn:aws:s3:::other/*',
  `arn:aws:sqs:us-east-1:${A}:q`,
  `arn:aws:iam::${A}:user/*`,
];
const REQUEST_RESOURCES = [
  'arn:aws:s3:::b/k',
  'arn:aws:s3:::other/x',
  `arn:aws:sqs:us-east-1:${A}:q`,
  `arn:aws:iam::${A}:user/Alice`,
  '*',
];
const PRINCIPALS = [
  `arn:aws:iam::${A}:user/Alice`,
  `arn:aws:sts::${A}:assumed-role/Dev/s`,
  `arn:aws:iam::${B}:user/Bob`,
  `arn:aws:sts::${A}:federated-user/Fed`,
  `arn:aws:iam::${A}:root`,
];
const POLICY_PRINCIPALS: unknown[] = [
  '*',
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:user/Alice` },
  { AWS: `arn:aws:iam::${A}:role/Dev` },
  { AWS: B },
  { AWS: `arn:aws:sts::${A}:assumed-role/Dev/s` },
];
const CONDITIONS: unknown[] = [
  { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
  { StringNotEquals: { 'aws:PrincipalTag/team': ['blue', 'green'] } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
  { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'a*' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { BoolIfExists: { 'aws:SecureTransport': 'true' } },
  { Null: { 'aws:TokenIssueTime': 'true' } },
  { NumericLessThan: { 's3:max-keys': '10' } },
];

type Statement = Record<string, unknown>;

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const chance = (p: number): boolean => r() < p;
  const statement = (effect: 'Allow' | 'Deny', withPrincipal: boolean): Statement => {
    const s: Statement = { Effect: effect };
    if (chance(0.15)) s.NotAction = pick(ACTIONS);
    else s.Action = chance(0.3) ? [pick(ACTIONS), pick(ACTIONS)] : pick(ACTIONS);
    if (chance(0.1)) s.NotResource = pick(RESOURCES);
    else s.Resource = pick(RESOURCES);
    if (withPrincipal) s.Principal = pick(POLICY_PRINCIPALS);
    if (chance(0.35)) s.Condition = pick(CONDITIONS);
    return s;
  };
  const policy = (withPrincipal: boolean, denyShare = 0.2): Record<string, unknown> => ({
    Version: '2012-10-17',
    Statement: Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
      statement(chance(denyShare) ? 'Deny' : 'Allow', withPrincipal),
    ),
  });
  const context = (): Record<string, string | string[]> => {
    const c: Record<string, string | string[]> = {};
    if (chance(0.5)) c['aws:PrincipalTag/team'] = pick(['red', 'blue', 'yellow']);
    if (chance(0.5)) c['aws:TagKeys'] = pick([[], ['a'], ['a', 'b'], ['a', 'c']]);
    if (chance(0.5)) c['aws:SourceIp'] = pick(['10.1.2.3', '192.0.2.1']);
    if (chance(0.5)) c['aws:SecureTransport'] = pick(['true', 'false']);
    if (chance(0.3)) c['aws:TokenIssueTime'] = '2024-01-01T00:00:00Z';
    if (chance(0.3)) c['s3:max-keys'] = pick(['5', '50']);
    return c;
  };
  const input = (): EvalInput => {
    const out: EvalInput = {
      identityPolicies: Array.from({ length: Math.floor(r() * 3) }, () => policy(false)),
      request: {
        principal: pick(PRINCIPALS),
        action: pick(REQUEST_ACTIONS),
        resource: pick(REQUEST_RESOURCES),
        context: context(),
      },
    };
    if (chance(0.3)) out.permissionsBoundary = policy(false, 0.1);
    if (chance(0.25)) out.sessionPolicies = [policy(false, 0.1)];
    if (chance(0.4)) out.resourcePolicy = policy(true);
    if (chance(0.25))
      out.serviceControlPolicies = Array.from({ length: 1 + Math.floor(r() * 2) }, () => [policy(false, 0.1)]);
    if (chance(0.15)) out.resourceControlPolicies = [[policy(true, 0.1)]];
    if (chance(0.2)) out.request.resourceAccount = pick([A, B]);
    return out;
  };
  return { r, pick, chance, statement, policy, input };
}

const clone = <T>(x: T): T => structuredClone(x);
type DocList = 'identityPolicies' | 'sessionPolicies';

/** Every document of the input, with whether it takes a Principal, for edits. */
function documents(input: EvalInput): { doc: Record<string, unknown>; withPrincipal: boolean }[] {
  const out: { doc: Record<string, unknown>; withPrincipal: boolean }[] = [];
  const add = (d: unknown, withPrincipal: boolean): void => {
    if (d && typeof d === 'object') out.push({ doc: d as Record<string, unknown>, withPrincipal });
  };
  for (const k of ['identityPolicies', 'sessionPolicies'] as DocList[]) for (const d of input[k] ?? []) add(d, false);
  add(input.permissionsBoundary, false);
  add(input.resourcePolicy, true);
  for (const level of input.serviceControlPolicies ?? []) for (const d of level) add(d, false);
  for (const level of input.resourceControlPolicies ?? []) for (const d of level) add(d, true);
  return out;
}

const SEEDS = 3000;

describe('eval: properties over seeded random policies', () => {
  it(`a Deny statement that applies never yields allowed, and any applying Deny means explicitDeny (${SEEDS} inputs)`, () => {
    let allowedSeen = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const g = generator(seed);
      const input = g.input();
      const result = evaluate(input);
      if (result.explain.matched.some((m) => m.effect === 'Deny'))
        assert.equal(result.decision, 'explicitDeny', `seed ${seed}`);
      if (result.decision !== 'allowed') continue;
      allowedSeen++;
      // Add an unconditional Deny for this request to a random document: now it must be denied.
      const withDeny = clone(input);
      if (!documents(withDeny).length) withDeny.identityPolicies.push({ Version: '2012-10-17', Statement: [] });
      const docs = documents(withDeny);
      const target = g.pick(docs);
      const copy = target;
      const list = copy.doc.Statement as Statement[];
      list.push({ Effect: 'Deny', Action: '*', Resource: '*', ...(copy.withPrincipal ? { Principal: '*' } : {}) });
      const after = evaluate(withDeny);
      // RCPs do not apply to every service: a Deny placed in an RCP may not apply.
      const inRcp = (withDeny.resourceControlPolicies ?? []).some((l) => l.includes(copy.doc));
      if (inRcp && after.explain.matched.every((m) => m.layer !== 'rcp')) continue;
      assert.equal(after.decision, 'explicitDeny', `seed ${seed}: ${after.explain.reason}`);
    }
    assert.ok(allowedSeen > 100, `only ${allowedSeen} allowed inputs: the generator is too strict to test anything`);
  });

  it(`adding an Allow statement never turns allowed into a deny (${SEEDS} inputs)`, () => {
    let checked = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const g = generator(seed + 100_000);
      const input = g.input();
      if (evaluate(input).decision !== 'allowed') continue;
      const wider = clone(input);
      const docs = documents(wider);
      if (g.chance(0.3) || !docs.length) wider.identityPolicies.push(g.policy(false, 0));
      else {
        const t = g.pick(docs);
        (t.doc.Statement as Statement[]).push(g.statement('Allow', t.withPrincipal));
      }
      const after = evaluate(wider);
      assert.equal(after.decision, 'allowed', `seed ${seed}: ${after.explain.reason}`);
      checked++;
    }
    assert.ok(checked > 100, `${checked} allowed inputs checked`);
  });

  it(`a permissions boundary never widens: allowed with it implies allowed without it (${SEEDS} inputs)`, () => {
    let narrowed = 0;
    let compared = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const g = generator(seed + 200_000);
      const input = g.input();
      const withBoundary = { ...input, permissionsBoundary: g.policy(false, 0.15) };
      const without = { ...input, permissionsBoundary: null };
      const a = evaluate(withBoundary).decision;
      const b = evaluate(without).decision;
      compared++;
      if (a === 'allowed') assert.equal(b, 'allowed', `seed ${seed}`);
      if (b === 'explicitDeny') assert.equal(a, 'explicitDeny', `seed ${seed}`);
      if (b === 'allowed' && a !== 'allowed') narrowed++;
    }
    assert.ok(
      narrowed > 20,
      `the boundary narrowed only ${narrowed} of ${compared} decisions: the generator does not exercise it`,
    );
  });

  it('decisions do not depend on the order of identity policies or of statements', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const g = generator(seed + 300_000);
      const input = g.input();
      const reversed = clone(input);
      reversed.identityPolicies.reverse();
      for (const p of reversed.identityPolicies) ((p as Record<string, unknown>).Statement as Statement[]).reverse();
      assert.equal(evaluate(reversed).decision, evaluate(input).decision, `seed ${seed}`);
    }
  });
});
