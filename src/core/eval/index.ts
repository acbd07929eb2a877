/** The policy evaluation engine: no VS Code, no network. See engine.ts for the decision logic. */
export {
  evaluate,
  evaluatePrepared,
  preparePolicies,
  contextLookup,
  resourceAccountOf,
  RCP_SERVICES,
  type PreparedPolicies,
} from './engine';
export { expandActions, evaluateActions } from './actions';
export { parsePrincipal, type RequestPrincipal } from './principal';
export { runCase, parseCasesFile, CasesFileError, type CaseOutput } from './cases';
export * from './types';
