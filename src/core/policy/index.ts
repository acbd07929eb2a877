/**
 * The policy editor's core: validation, completion, hover, summary and document
 * helpers. No VS Code, no DOM: it runs in the extension host, in the webview and
 * in plain Node. The catalogs over IAM data are deliberately not exported here
 * (they read files): the extension's is src/aws/iamDataFile.ts (the compact data the
 * build writes), the tests' and command-line tools' is `./iamDataCatalog`.
 */
export type { AccessLevel, Finding, Located, PolicyKind, Severity } from './types';
export { ACCESS_LEVELS } from './types';
export { FINDING_CODES, type FindingCode } from './codes';
export type { ActionCatalog, ActionInfo, ConditionKeyInfo, ServiceData, ServiceInfo } from './catalog';
export { memoizeCatalog, parseAccessLevels } from './catalog';
export type { Analysis, ValidateOptions } from './validate';
export { analyzePolicy, validatePolicy, validatePolicySync } from './validate';
export type { PolicyModel, StatementModel } from './model';
export { MAX_DOCUMENT_LENGTH, MAX_NESTING_DEPTH } from './parse';
export { SIZE_LIMITS, checkSize, defaultSizeLimit, policySize, type SizeTarget } from './size';
export type { CompletionItem, CompletionKind, CompletionResult, HoverInfo } from './completion';
export { complete, hover } from './completion';
export type { LevelSummary, PolicySummary, ServiceSummary } from './summary';
export { summarize } from './summary';
export { decodePolicyDocument, formatPolicy, minifyPolicy } from './document';
