/**
 * For "Compare with Deployed Policy": the policy of a file as the JSON IAM would
 * hold (values known only at deploy time shown as `<computed: ...>`), and the
 * live candidates ordered by how well their names match what the file says.
 */
import { formatPolicy } from '../policy/document';
import type { FoundPolicy, IacValue } from './ir';

function plain(v: IacValue, file: string): unknown {
  switch (v.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return v.value;
    case 'null':
      return null;
    case 'array':
      return v.items.map((i) => plain(i, file));
    case 'object':
      return Object.fromEntries(
        v.entries.map((e) => [
          e.keyUnknown ? `<computed: ${excerpt(file, e.keyFrom, e.keyTo)}>` : e.key,
          plain(e.value, file),
        ]),
      );
    case 'unknown':
      return `<computed: ${excerpt(file, v.from, v.to)}>`;
  }
}

function excerpt(file: string, from: number, to: number): string {
  const s = file.slice(from, to).replace(/\s+/g, ' ').trim();
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The policy as pretty JSON, for a diff against what IAM holds. */
export function renderForDiff(policy: FoundPolicy, file: string): string {
  if (policy.source.type === 'text') return formatPolicy(policy.source.text.trim());
  return JSON.stringify(plain(policy.source.value, file), null, 2);
}

/** `items` with those whose name equals a hint first, then those containing one; otherwise in order. */
export function rankByNames<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  hints: readonly string[],
): { item: T; match: 'exact' | 'partial' | undefined }[] {
  const lower = hints.map((h) => h.toLowerCase()).filter((h) => h.length > 0);
  // A partial match on a name of one or two letters says nothing.
  const long = lower.filter((h) => h.length >= 3);
  const scored = items.map((item, index) => {
    const name = nameOf(item).toLowerCase();
    const match: 'exact' | 'partial' | undefined = lower.includes(name)
      ? 'exact'
      : long.some((h) => name.includes(h) || (name.length >= 3 && h.includes(name)))
        ? 'partial'
        : undefined;
    return { item, match, index };
  });
  const rank = (m: 'exact' | 'partial' | undefined): number => (m === 'exact' ? 0 : m === 'partial' ? 1 : 2);
  return scored
    .sort((a, b) => rank(a.match) - rank(b.match) || a.index - b.index)
    .map(({ item, match }) => ({ item, match }));
}
