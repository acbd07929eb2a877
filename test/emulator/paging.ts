// IAM paging: MaxItems 1..1000 (default 100), an opaque Marker, IsTruncated.
// The marker names the last key returned, so deletions between pages never
// skip or repeat an item.
import { lowerFirst, type Params } from './params.js';
import { validation } from './errors.js';

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

export const DEFAULT_MAX_ITEMS = 100;

export function maxItems(params: Params): number {
  const value = params.optionalInt('MaxItems');
  if (value === undefined) return DEFAULT_MAX_ITEMS;
  if (value < 1) {
    throw validation(
      `1 validation error detected: Value '${value}' at '${lowerFirst('MaxItems')}' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  }
  if (value > 1000) {
    throw validation(
      `1 validation error detected: Value '${value}' at '${lowerFirst('MaxItems')}' failed to satisfy constraint: Member must have value less than or equal to 1000`,
    );
  }
  return value;
}

function encodeMarker(key: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: key }), 'utf8').toString('base64');
}

function decodeMarker(marker: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(marker, 'base64').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'after' in parsed && typeof parsed.after === 'string')
      return parsed.after;
  } catch {
    // fall through to the error below
  }
  throw validation('Invalid Marker.');
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sorts by key and returns the page after the request's Marker. `keyOf`
 * must be unique within the list (lower-cased names, ids, ARNs).
 */
export function paginate<T>(all: Iterable<T>, keyOf: (item: T) => string, params: Params): Page<T> {
  const limit = maxItems(params);
  const marker = params.optional('Marker');
  const sorted = [...all].map((item) => ({ key: keyOf(item), item })).sort((a, b) => compareKeys(a.key, b.key));
  let start = 0;
  if (marker !== undefined) {
    const after = decodeMarker(marker);
    start = sorted.findIndex((entry) => compareKeys(entry.key, after) > 0);
    if (start < 0) start = sorted.length;
  }
  const slice = sorted.slice(start, start + limit);
  const truncated = start + limit < sorted.length;
  return {
    items: slice.map((entry) => entry.item),
    IsTruncated: truncated,
    Marker: truncated ? encodeMarker(slice[slice.length - 1].key) : undefined,
  };
}
