/** JSON (jsonc-parser's tree) into located values. */
import type { Node } from 'jsonc-parser';
import type { IacEntry, IacValue } from './ir';

/**
 * `transform` may replace a string (Terraform heredocs: `${...}` is computed,
 * `$${` is a literal `${`); it returns undefined for an unknown.
 */
export function jsonToIac(node: Node, text: string, transform?: (s: string) => string | undefined): IacValue {
  const from = node.offset;
  const to = node.offset + node.length;
  switch (node.type) {
    case 'string': {
      const raw = String(node.value);
      const value = transform ? transform(raw) : raw;
      if (value === undefined) return { type: 'unknown', why: 'interpolation', from, to };
      const verbatim = value === raw && text.slice(from + 1, to - 1) === raw;
      return { type: 'string', value, from, to, contentFrom: verbatim ? from + 1 : undefined };
    }
    case 'number':
      return { type: 'number', value: Number(node.value), from, to };
    case 'boolean':
      return { type: 'boolean', value: Boolean(node.value), from, to };
    case 'null':
      return { type: 'null', from, to };
    case 'array':
      return { type: 'array', items: (node.children ?? []).map((c) => jsonToIac(c, text, transform)), from, to };
    case 'object': {
      const entries: IacEntry[] = [];
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v || typeof k.value !== 'string') continue;
        const key = transform ? transform(k.value) : k.value;
        const keyVerbatim = key === k.value && text.slice(k.offset + 1, k.offset + k.length - 1) === k.value;
        entries.push({
          key: key ?? '',
          keyUnknown: key === undefined ? true : undefined,
          keyFrom: k.offset,
          keyTo: k.offset + k.length,
          keyContentFrom: keyVerbatim ? k.offset + 1 : undefined,
          value: jsonToIac(v, text, transform),
        });
      }
      return { type: 'object', entries, from, to };
    }
    default:
      return { type: 'unknown', why: 'unreadable', from, to };
  }
}
