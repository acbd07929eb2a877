/** Condition operators and the values each one accepts. */

export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

const FAMILIES: Readonly<Record<string, OperatorFamily>> = {
  StringEquals: 'string',
  StringNotEquals: 'string',
  StringEqualsIgnoreCase: 'string',
  StringNotEqualsIgnoreCase: 'string',
  StringLike: 'string',
  StringNotLike: 'string',
  NumericEquals: 'numeric',
  NumericNotEquals: 'numeric',
  NumericLessThan: 'numeric',
  NumericLessThanEquals: 'numeric',
  NumericGreaterThan: 'numeric',
  NumericGreaterThanEquals: 'numeric',
  DateEquals: 'date',
  DateNotEquals: 'date',
  DateLessThan: 'date',
  DateLessThanEquals: 'date',
  DateGreaterThan: 'date',
  DateGreaterThanEquals: 'date',
  Bool: 'bool',
  BinaryEquals: 'binary',
  IpAddress: 'ip',
  NotIpAddress: 'ip',
  ArnEquals: 'arn',
  ArnLike: 'arn',
  ArnNotEquals: 'arn',
  ArnNotLike: 'arn',
  Null: 'null',
};

/** Every base operator name, for completion. */
export const CONDITION_OPERATORS: readonly string[] = Object.keys(FAMILIES);

export interface ParsedOperator {
  base: string;
  family: OperatorFamily;
  set: 'ForAnyValue' | 'ForAllValues' | undefined;
  ifExists: boolean;
}

export type OperatorResult = { ok: true; operator: ParsedOperator } | { ok: false; message: string };

/** Parses `ForAllValues:StringLikeIfExists` and friends. Operator names are case-sensitive. */
export function parseOperator(name: string): OperatorResult {
  let rest = name;
  let set: ParsedOperator['set'];
  for (const prefix of ['ForAnyValue', 'ForAllValues'] as const) {
    if (rest.startsWith(prefix + ':')) {
      set = prefix;
      rest = rest.slice(prefix.length + 1);
    }
  }
  const ifExists = rest.endsWith('IfExists');
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const family = FAMILIES[base];
  if (family === undefined) {
    const near = Object.keys(FAMILIES).find((k) => k.toLowerCase() === base.toLowerCase());
    const hint = near
      ? ` Operator names are case-sensitive: write "${near}".`
      : ' Use an operator such as StringEquals, StringLike, ArnLike, IpAddress, Bool, NumericLessThan, ' +
        'DateGreaterThan or Null, optionally with a ForAnyValue:/ForAllValues: prefix or an IfExists suffix.';
    return { ok: false, message: `Unknown condition operator "${name}".${hint}` };
  }
  if (family === 'null' && ifExists) {
    return {
      ok: false,
      message: 'Null cannot take the IfExists suffix: Null already tests whether the key exists. Use "Null".',
    };
  }
  return { ok: true, operator: { base, family, set, ifExists } };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isIp(value: string): boolean {
  const [addr = '', prefix, extra] = value.split('/');
  if (extra !== undefined) return false;
  if (addr.includes('.')) {
    const octets = addr.split('.');
    if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return false;
    return prefix === undefined || (/^\d{1,2}$/.test(prefix) && Number(prefix) <= 32);
  }
  if (!/^[0-9a-fA-F:]+$/.test(addr) || !addr.includes(':')) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= 128);
}

/**
 * Checks one condition value against the operator's family. Returns a message
 * when the value can never match, undefined when it is fine. Values holding a
 * policy variable are not checked: their value is only known at request time.
 */
export function checkConditionValue(family: OperatorFamily, value: string | number | boolean): string | undefined {
  if (typeof value === 'string' && value.includes('${')) return undefined;
  const text = String(value);
  switch (family) {
    case 'string':
      return undefined;
    case 'numeric':
      return /^-?\d+(\.\d+)?$/.test(text)
        ? undefined
        : `"${text}" is not a number; numeric operators compare numbers such as 3600.`;
    case 'date':
      return ISO_DATE.test(text) || /^\d+$/.test(text)
        ? undefined
        : `"${text}" is not a date; use ISO 8601 (2026-01-31T12:00:00Z) or seconds since the epoch.`;
    case 'bool':
    case 'null':
      return /^(true|false)$/i.test(text) ? undefined : `"${text}" is not a boolean; use "true" or "false".`;
    case 'binary':
      return typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value)
        ? undefined
        : `"${text}" is not base64; BinaryEquals compares base64-encoded values.`;
    case 'ip':
      return typeof value === 'string' && isIp(value)
        ? undefined
        : `"${text}" is not an IP address or CIDR range such as 203.0.113.0/24 or 2001:db8::/32.`;
    case 'arn':
      return typeof value === 'string' && (value === '*' || value.startsWith('arn:'))
        ? undefined
        : `"${text}" is not an ARN; ARN operators compare values like arn:aws:iam::123456789012:role/name.`;
  }
}
