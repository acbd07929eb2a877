// The shape every operation handler has, and helpers the handlers share.
import { IamError } from './errors.js';
import type { Params } from './params.js';
import type { Caller, IamState } from './state.js';
import type { XmlValue } from './xml.js';

export interface OperationContext {
  state: IamState;
  params: Params;
  caller: Caller;
  /** Region from the request's credential scope. */
  region: string;
  /** A policy document as the response carries it: URL-encoded (IAM) or raw. */
  document(raw: string): string;
  now(): Date;
  /** Another account of the emulator by id (cross-account AssumeRole); undefined when it has none. */
  account?(accountId: string): IamState | undefined;
}

export type OperationResult = { [member: string]: XmlValue } | undefined;
export type Operation = (ctx: OperationContext) => OperationResult;
export type OperationTable = Record<string, Operation>;

/** AccessDenied worded as AWS words it. */
export function accessDenied(state: IamState, caller: Caller, action: string, resource: string): IamError {
  return new IamError(
    'AccessDenied',
    `User: ${state.callerArn(caller)} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  );
}

/** PathPrefix filter shared by the List operations. */
export function pathFilter(params: Params, member = 'PathPrefix'): (item: { path: string }) => boolean {
  const prefix = params.optional(member);
  if (prefix === undefined) return () => true;
  return (item) => item.path.startsWith(prefix);
}
