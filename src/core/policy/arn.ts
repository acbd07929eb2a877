/** ARN shapes, as IAM checks them in Resource, NotResource and ARN conditions. */

const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
]);

/** True when `s` contains a wildcard (`*`, `?`) or a policy variable (`${...}`). */
export function hasWildcardOrVariable(s: string): boolean {
  return s.includes('*') || s.includes('?') || s.includes('${');
}

export interface ArnProblem {
  severity: 'error' | 'warning';
  message: string;
}

/**
 * Checks one Resource/NotResource value. Returns undefined when it is `*` or a
 * well-formed `arn:partition:service:region:account:resource`.
 */
export function checkResourceArn(value: string): ArnProblem | undefined {
  if (value === '*') return undefined;
  // API Gateway resource policies may name the API's own methods without its ARN: "execute-api:/stage/GET/path".
  if (value.startsWith('execute-api:/')) return undefined;
  if (!value.startsWith('arn:')) {
    const hint = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(value)
      ? ` For an S3 bucket, write "arn:aws:s3:::${value}".`
      : '';
    return {
      severity: 'error',
      message:
        `"${value}" is not an ARN. Resource must be "*" or an ARN of the form ` +
        `arn:partition:service:region:account:resource.${hint}`,
    };
  }
  const parts = value.split(':');
  if (parts.length < 6) {
    const last = parts[parts.length - 1] ?? '';
    if (last.endsWith('*')) return undefined; // e.g. "arn:aws:s3:*": the wildcard spans the remaining parts
    return {
      severity: 'error',
      message:
        `"${value}" has ${parts.length - 1} colons; an ARN needs at least 5 ` +
        `(arn:partition:service:region:account:resource).`,
    };
  }
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!PARTITIONS.has(partition) && !hasWildcardOrVariable(partition)) {
    return {
      severity: 'error',
      message: `Unknown partition "${partition}" in the ARN. Use aws, aws-cn or aws-us-gov.`,
    };
  }
  if (service === '') {
    return { severity: 'error', message: 'The ARN has no service (the third part), e.g. arn:aws:s3:::bucket.' };
  }
  if (!/^[a-z0-9*?${}.-]+$/.test(service)) {
    return {
      severity: 'error',
      message: `"${service}" is not a service prefix: service prefixes are lowercase letters, digits and hyphens.`,
    };
  }
  if (region !== '' && !/^[a-z0-9*?${}-]+$/.test(region)) {
    return {
      severity: 'warning',
      message: `"${region}" does not look like a region (such as us-east-1); regions are lowercase.`,
    };
  }
  if (account !== '' && account !== 'aws' && !/^\d{12}$/.test(account) && !hasWildcardOrVariable(account)) {
    return {
      severity: 'warning',
      message: `"${account}" does not look like an account ID: account IDs have 12 digits.`,
    };
  }
  if (resource === '') {
    return {
      severity: 'error',
      message: 'The ARN has no resource part after the account. Add the resource, or "*" for all.',
    };
  }
  return undefined;
}

/** Loose check for ARN condition values: an ARN, or a pattern containing wildcards. */
export function looksLikeArn(value: string): boolean {
  return value === '*' || (value.startsWith('arn:') && (value.split(':').length >= 6 || value.endsWith('*')));
}
