/**
 * The located model of a policy that the grammar pass builds and every later pass
 * (catalog, security, summary, completion) reads. It is built best-effort: an
 * element with the wrong shape is left out, and the grammar pass reports it.
 */
import type { Located } from './types';

export interface ActionElement {
  key: 'Action' | 'NotAction';
  /** Span of the property name. */
  keyFrom: number;
  keyTo: number;
  values: Located<string>[];
}

export interface ResourceElement {
  key: 'Resource' | 'NotResource';
  keyFrom: number;
  keyTo: number;
  values: Located<string>[];
}

export interface PrincipalElement {
  key: 'Principal' | 'NotPrincipal';
  keyFrom: number;
  keyTo: number;
  /** `"*"` or `{"AWS": "*"}` (alone or in a list): any principal at all. */
  anyone: boolean;
  /** Principal type (AWS, Service, Federated, CanonicalUser, or `*`) to its values. */
  entries: { type: string; values: Located<string>[] }[];
}

export interface ConditionEntry {
  operator: Located<string>;
  key: Located<string>;
  values: Located<string | number | boolean>[];
}

export interface StatementModel {
  index: number;
  from: number;
  to: number;
  sid: Located<string> | undefined;
  effect: Located<'Allow' | 'Deny'> | undefined;
  action: ActionElement | undefined;
  resource: ResourceElement | undefined;
  principal: PrincipalElement | undefined;
  conditions: ConditionEntry[];
}

export interface PolicyModel {
  version: Located<string> | undefined;
  statements: StatementModel[];
}
