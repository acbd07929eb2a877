// A small XML writer for AWS Query responses. Every text node and attribute
// value is escaped; element names come from code, never from requests.

/** A value the writer knows how to render. */
export type XmlValue =
  string | number | boolean | Date | undefined | null | XmlValue[] | XmlEntries | { [key: string]: XmlValue };

/** A map rendered as `<entry><key>…</key><value>…</value></entry>` (GetAccountSummary). */
export class XmlEntries {
  constructor(readonly entries: ReadonlyArray<readonly [string, XmlValue]>) {}
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c] ?? c);
}

/** ISO 8601 as IAM writes it: 2024-01-31T12:00:00Z (no milliseconds). */
export function isoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function renderValue(value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoDate(value);
  if (Array.isArray(value)) return value.map((item) => `<member>${renderValue(item)}</member>`).join('');
  if (value instanceof XmlEntries) {
    return value.entries
      .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${renderValue(v)}</value></entry>`)
      .join('');
  }
  return renderObject(value);
}

/** Renders the members of an object in key order; undefined members are left out. */
export function renderObject(obj: { [key: string]: XmlValue }): string {
  let out = '';
  for (const [name, value] of Object.entries(obj)) {
    if (value === undefined || value === null) continue;
    out += `<${name}>${renderValue(value)}</${name}>`;
  }
  return out;
}

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function successXml(
  action: string,
  namespace: string,
  result: { [key: string]: XmlValue } | undefined,
  requestId: string,
): string {
  const body = result === undefined ? '' : `<${action}Result>${renderObject(result)}</${action}Result>`;
  return (
    `<${action}Response xmlns="${namespace}">${body}` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function errorXml(
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
  requestId: string,
  namespace: string,
): string {
  return (
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}
