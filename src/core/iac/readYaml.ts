/**
 * YAML into located values, with `yaml` (eemeli/yaml). Only its lexer and parser
 * run: the concrete syntax tree has every token's offset, and walking it is about
 * three times faster than composing a Document (which a 2,000-line template
 * needs to stay within the editor's budget). Scalars are resolved with the
 * library's own `CST.resolveAsScalar`.
 *
 * - YAML 1.2 reading: plain scalars stay text (`Version: 2012-10-17` is a string,
 *   `AWS: 123456789012` and `Bool: false` too, as CloudFormation reads them);
 *   `~`, `null` and an empty value are null.
 * - CloudFormation's short forms (`!Ref`, `!Sub`, `!GetAtt`, `!If`, `!Join`...) and
 *   any other local tag mark the node as computed (unknown), whatever its shape.
 * - Aliases are unknown; a text with a syntax error is reported as broken.
 */
import type { CST } from 'yaml';
import type { IacEntry, IacValue } from './ir';

/** `yaml`'s lexer and parser, loaded on the first read (see yamlParser.ts). */
let yaml: typeof import('./yamlParser') | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use
const yamlParser = () => (yaml ??= require('./yamlParser') as typeof import('./yamlParser'));

export interface YamlRead {
  value: IacValue | undefined;
  /** The text is not valid YAML; nothing is reported for it. */
  broken: boolean;
}

class Broken extends Error {}

export function readYaml(text: string): YamlRead {
  let doc: CST.Document | undefined;
  for (const token of new (yamlParser().Parser)().parse(text)) {
    if (token.type === 'error') return { value: undefined, broken: true };
    if (token.type === 'document' && !doc) doc = token;
  }
  if (!doc?.value) return { value: undefined, broken: false };
  try {
    return { value: new Reader(text).node(doc.value, tagIn(doc.start)), broken: false };
  } catch (e) {
    if (e instanceof Broken) return { value: undefined, broken: true };
    throw e;
  }
}

/** The tag among a node's properties (after the `-`, `:` or `?` indicator), if any. */
function tagIn(tokens: CST.SourceToken[] | undefined, after?: CST.SourceToken['type']): CST.SourceToken | undefined {
  if (!tokens) return undefined;
  let i = 0;
  if (after) {
    const at = tokens.findIndex((t) => t.type === after);
    i = at < 0 ? 0 : at + 1;
  }
  for (; i < tokens.length; i++) if (tokens[i]?.type === 'tag') return tokens[i];
  return undefined;
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

class Reader {
  constructor(private readonly text: string) {}

  node(token: CST.Token, tag: CST.SourceToken | undefined): IacValue {
    const value = this.untagged(token);
    if (tag && tag.source.startsWith('!') && !tag.source.startsWith('!!')) {
      return { type: 'unknown', why: `intrinsic ${tag.source}`, from: Math.min(tag.offset, value.from), to: value.to };
    }
    return value;
  }

  private untagged(token: CST.Token): IacValue {
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(token);
      case 'alias':
        return { type: 'unknown', why: 'alias', from: token.offset, to: token.offset + token.source.length };
      case 'block-map':
        return this.map(
          token.items.map((item) => ({ item, valueTag: tagIn(item.sep, 'map-value-ind'), keyTag: tagIn(item.start) })),
          token.offset,
        );
      case 'block-seq':
        return this.seq(
          token.items.map((item) => ({ value: item.value, tag: tagIn(item.start, 'seq-item-ind') })),
          token.offset,
        );
      case 'flow-collection': {
        if (!token.end.some((t) => t.type === 'flow-seq-end' || t.type === 'flow-map-end'))
          throw new Broken('unclosed flow collection');
        const to = (token.end[token.end.length - 1]?.offset ?? token.offset) + 1;
        if (token.start.source === '{') {
          const v = this.map(
            token.items.map((item) => ({
              item,
              valueTag: tagIn(item.sep, 'map-value-ind'),
              keyTag: tagIn(item.start),
            })),
            token.offset,
          );
          return { ...v, from: token.offset, to: Math.max(v.to, to) };
        }
        if (token.items.some((item) => item.key !== undefined || item.sep?.some((t) => t.type === 'map-value-ind'))) {
          return { type: 'unknown', why: 'pairs in a flow sequence', from: token.offset, to };
        }
        const v = this.seq(
          token.items.map((item) => ({ value: item.value, tag: tagIn(item.start) })),
          token.offset,
        );
        return { ...v, to: Math.max(v.to, to) };
      }
      default:
        throw new Broken(`unexpected ${token.type}`);
    }
  }

  private scalar(token: CST.FlowScalar | CST.BlockScalar): IacValue {
    let failed = false;
    const r = yamlParser().CST.resolveAsScalar(token, true, () => (failed = true));
    if (failed) throw new Broken('scalar');
    const [from, to] = r.range;
    if (r.type === 'PLAIN' && NULLS.has(r.value)) return { type: 'null', from, to };
    const quoted = r.type === 'QUOTE_DOUBLE' || r.type === 'QUOTE_SINGLE';
    const start = quoted ? from + 1 : from;
    const verbatim = (r.type === 'PLAIN' || quoted) && this.text.slice(start, start + r.value.length) === r.value;
    return { type: 'string', value: r.value, from, to, contentFrom: verbatim ? start : undefined };
  }

  private map(
    items: { item: CST.CollectionItem; valueTag: CST.SourceToken | undefined; keyTag: CST.SourceToken | undefined }[],
    offset: number,
  ): IacValue {
    const entries: IacEntry[] = [];
    let to = offset;
    for (const { item, valueTag } of items) {
      const key = item.key;
      if (
        !key ||
        (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar')
      ) {
        if (item.value) to = Math.max(to, this.node(item.value, valueTag).to);
        continue;
      }
      const k = this.scalar(key);
      if (k.type !== 'string' && k.type !== 'null') continue;
      const name = k.type === 'string' ? k.value : '';
      // `Key:` with nothing after it: a null value, located right after the colon.
      const value: IacValue = item.value ? this.node(item.value, valueTag) : { type: 'null', from: k.to, to: k.to };
      to = Math.max(to, value.to);
      entries.push({
        key: name,
        keyFrom: k.from,
        keyTo: k.to,
        keyContentFrom: k.type === 'string' ? k.contentFrom : undefined,
        value,
      });
    }
    return { type: 'object', entries, from: entries[0]?.keyFrom ?? offset, to };
  }

  private seq(items: { value: CST.Token | undefined; tag: CST.SourceToken | undefined }[], offset: number): IacValue {
    const values: IacValue[] = [];
    let to = offset;
    for (const { value, tag } of items) {
      if (!value) continue;
      const v = this.node(value, tag);
      values.push(v);
      to = Math.max(to, v.to);
    }
    return { type: 'array', items: values, from: offset, to };
  }
}
