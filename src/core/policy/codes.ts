/** Every finding code the validator emits, grouped by the pass that emits it. */
export const FINDING_CODES = [
  // JSON layer (parse.ts)
  'document-too-large', 'nesting-too-deep', 'empty-document', 'bom', 'comment', 'trailing-comma', 'json-syntax', 'invalid-character', 'duplicate-key',
  // IAM grammar (grammar.ts)
  'not-an-object', 'element-type', 'unknown-element', 'empty-list',
  'version-missing', 'version-old', 'version-invalid', 'variable-needs-2012',
  'statement-missing', 'statement-empty', 'sid-format', 'duplicate-sid',
  'effect-missing', 'effect-invalid',
  'action-missing', 'action-conflict', 'action-format', 'trust-action',
  'resource-missing', 'resource-conflict', 'resource-format', 'resource-not-allowed',
  'principal-missing', 'principal-conflict', 'principal-format', 'principal-type', 'principal-not-allowed',
  'condition-operator', 'condition-key-format', 'condition-value',
  // Security (security.ts)
  'star-on-star', 'passrole-star', 'allow-not-action', 'allow-not-resource', 'allow-not-principal', 'open-principal',
  // Size (size.ts)
  'size-limit',
  // Catalog (catalogChecks.ts)
  'unknown-service', 'unknown-action', 'wildcard-matches-nothing', 'unknown-condition-key', 'condition-type-mismatch', 'resource-type-mismatch', 'catalog-unavailable',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];
