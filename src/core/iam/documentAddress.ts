/**
 * One identity per policy document: the `iam:` address of a `PolicyTarget`. The path is
 * what a tab shows ("/demo/policies/reports-read.json"); the query carries the target
 * itself, so two documents never share an address and a managed policy's path or
 * account never has to be guessed from its name. `parseDocumentAddress` checks every
 * field's type: an address can come from anywhere (a link, a typed URI).
 */
import type { EntityRef } from './model';
import type { PolicyTarget } from './policySave';

export const DOCUMENT_SCHEME = 'iam';

export interface DocumentAddress {
  readonly path: string;
  readonly query: string;
}

/** Path segments cannot hold a slash; the real names travel in the query. */
function seg(s: string): string {
  return s.replace(/[/\\]/g, '_');
}

export function documentAddress(t: PolicyTarget): DocumentAddress {
  const p = seg(t.profile);
  let path: string;
  switch (t.kind) {
    case 'managed': {
      const name = seg(t.policyArn.slice(t.policyArn.lastIndexOf('/') + 1));
      path = t.versionId ? `/${p}/policies/${name}/${seg(t.versionId)}.json` : `/${p}/policies/${name}.json`;
      break;
    }
    case 'inline':
      path = `/${p}/${t.owner.type}s/${seg(t.owner.name)}/${seg(t.policyName)}.json`;
      break;
    case 'newInline':
      path = `/${p}/${t.owner.type}s/${seg(t.owner.name)}/${seg(t.policyName)} (new).json`;
      break;
    case 'trust':
      path = `/${p}/roles/${seg(t.roleName)}/Trust Policy.json`;
      break;
    case 'newManaged':
      path = `/${p}/policies/${seg(t.policyName)} (new).json`;
      break;
  }
  return { path, query: JSON.stringify(t) };
}

const OWNER_TYPES = new Set(['user', 'group', 'role']);
/** Far above IAM's own name limits (64 to 512 characters), far below what would hurt. */
const MAX_NAME = 16_384;

function isName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME;
}

function owner(v: unknown): EntityRef | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { type, name } = v as Record<string, unknown>;
  return typeof type === 'string' && OWNER_TYPES.has(type) && isName(name)
    ? { type: type as EntityRef['type'], name }
    : undefined;
}

/** The target an address names, or why it names none (for the message; it quotes no values). */
export function parseDocumentAddress(query: string): PolicyTarget | string {
  let raw: unknown;
  try {
    raw = JSON.parse(query);
  } catch {
    return (
      'the address does not name an IAM policy document (its query is not JSON); open the document from the IAM ' +
      'Explorer tree'
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return 'the address does not name an IAM policy document';
  const r = raw as Record<string, unknown>;
  if (!isName(r.profile)) return 'the address names no profile';
  const profile = r.profile;
  switch (r.kind) {
    case 'managed':
      if (!isName(r.policyArn) || !/^arn:[\w-]+:iam::(\d{12}|aws):policy\//.test(r.policyArn))
        return 'the address names no managed policy ARN';
      if (r.versionId !== undefined && (typeof r.versionId !== 'string' || !/^v\d+$/.test(r.versionId)))
        return 'the address has a malformed version id';
      return {
        kind: 'managed',
        profile,
        policyArn: r.policyArn,
        policyName: r.policyArn.slice(r.policyArn.lastIndexOf('/') + 1),
        ...(r.versionId !== undefined ? { versionId: r.versionId as string } : {}),
      };
    case 'inline':
    case 'newInline': {
      const o = owner(r.owner);
      if (!o || !isName(r.policyName)) return 'the address names no inline policy (owner and policy name)';
      return { kind: r.kind, profile, owner: o, policyName: r.policyName };
    }
    case 'trust':
      if (!isName(r.roleName)) return 'the address names no role';
      return { kind: 'trust', profile, roleName: r.roleName };
    case 'newManaged':
      if (!isName(r.policyName) || typeof r.path !== 'string' || !/^\/([^/]+\/)*$/.test(r.path))
        return 'the address names no new policy (name and path)';
      if (r.description !== undefined && typeof r.description !== 'string')
        return 'the address has a malformed description';
      return {
        kind: 'newManaged',
        profile,
        policyName: r.policyName,
        path: r.path,
        ...(typeof r.description === 'string' ? { description: r.description } : {}),
      };
    default:
      return 'the address names no known kind of policy document';
  }
}
