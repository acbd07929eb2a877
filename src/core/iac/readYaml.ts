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
 * - Aliases take the value of their anchor, and a `<<` merge key copies the entries of the
 *   mapping it names that the mapping does not set itself, as `aws cloudformation package`
 *   and `sam build` resolve them before deployment (CloudFormation itself rejects aliases).
 *   Findings in such a value point at the anchored original. An alias to an anchor not yet
 *   seen is unknown, and so is a mapping whose merge cannot be resolved.
 * - A text with a syntax error is reported as broken.
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
    return { value: new Reader(text).node(doc.value, propsIn(doc.start)), broken: false };
  } catch (e) {
    if (e instanceof Broken) return { value: undefined, broken: true };
    throw e;
  }
}

/** A node's tag and anchor, among its properties. */
interface Props {
  tag?: CST.SourceToken;
  anchor?: string;
}

/** The tag and anchor among a node's properties (after the `-`, `:` or `?` indicator), if any. */
function propsIn(tokens: CST.SourceToken[] | undefined, after?: CST.SourceToken['type']): Props {
  const props: Props = {};
  if (!tokens) return props;
  let i = 0;
  if (after) {
    const at = tokens.findIndex((t) => t.type === after);
    i = at < 0 ? 0 : at + 1;
  }
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.type === 'tag') props.tag ??= t;
    else if (t?.type === 'anchor') props.anchor ??= t.source.slice(1);
  }
  return props;
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

class Reader {
  /** Anchored values by name, as read so far (an alias names an anchor before it). */
  private readonly anchors = new Map<string, IacValue>();

  constructor(private readonly text: string) {}

  node(token: CST.Token, { tag, anchor }: Props): IacValue {
    let value = this.untagged(token);
    if (tag && tag.source.startsWith('!') && !tag.source.startsWith('!!')) {
      value = { type: 'unknown', why: `intrinsic ${tag.source}`, from: Math.min(tag.offset, value.from), to: value.to };
    }
    if (anchor) this.anchors.set(anchor, value);
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
        return (
          this.anchors.get(token.source.slice(1)) ?? {
            type: 'unknown',
            why: 'alias',
            from: token.offset,
            to: token.offset + token.source.length,
          }
        );
      case 'block-map':
        return this.map(
          token.items.map((item) => ({ item, valueProps: propsIn(item.sep, 'map-value-ind') })),
          token.offset,
        );
      case 'block-seq':
        return this.seq(
          token.items.map((item) => ({ value: item.value, props: propsIn(item.start, 'seq-item-ind') })),
          token.offset,
        );
      case 'flow-collection': {
        if (!token.end.some((t) => t.type === 'flow-seq-end' || t.type === 'flow-map-end'))
          throw new Broken('unclosed flow collection');
        const to = (token.end[token.end.length - 1]?.offset ?? token.offset) + 1;
        if (token.start.source === '{') {
          const v = this.map(
            token.items.map((item) => ({ item, valueProps: propsIn(item.sep, 'map-value-ind') })),
            token.offset,
          );
          return { ...v, from: token.offset, to: Math.max(v.to, to) };
        }
        if (token.items.some((item) => item.key !== undefined || item.sep?.some((t) => t.type === 'map-value-ind'))) {
          return { type: 'unknown', why: 'pairs in a flow sequence', from: token.offset, to };
        }
        const v = this.seq(
          token.items.map((item) => ({ value: item.value, props: propsIn(item.start) })),
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

  private map(items: { item: CST.CollectionItem; valueProps: Props }[], offset: number): IacValue {
    const entries: IacEntry[] = [];
    const merged: IacValue[] = [];
    let to = offset;
    for (const { item, valueProps } of items) {
      const key = item.key;
      if (
        !key ||
        (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar')
      ) {
        if (item.value) to = Math.max(to, this.node(item.value, valueProps).to);
        continue;
      }
      const k = this.scalar(key);
      if (k.type !== 'string' && k.type !== 'null') continue;
      const name = k.type === 'string' ? k.value : '';
      // `Key:` with nothing after it: a null value, located right after the colon.
      const value: IacValue = item.value ? this.node(item.value, valueProps) : { type: 'null', from: k.to, to: k.to };
      to = Math.max(to, value.to);
      if (name === '<<' && key.type === 'scalar') {
        merged.push(value);
        continue;
      }
      entries.push({
        key: name,
        keyFrom: k.from,
        keyTo: k.to,
        keyContentFrom: k.type === 'string' ? k.contentFrom : undefined,
        value,
      });
    }
    const from = entries[0]?.keyFrom ?? offset;
    if (merged.length === 0) return { type: 'object', entries, from, to };
    // `<<: *a` or `<<: [*a, *b]`: the first mapping that sets a key wins, and the mapping's own keys win over all.
    const sources = merged.flatMap((m) => (m.type === 'array' ? m.items : [m]));
    if (sources.some((m) => m.type !== 'object')) return { type: 'unknown', why: 'merge key', from, to };
    for (const m of sources) {
      if (m.type !== 'object') continue;
      for (const e of m.entries) if (!entries.some((x) => x.key === e.key)) entries.push(e);
    }
    return { type: 'object', entries, from, to };
  }

  private seq(items: { value: CST.Token | undefined; props: Props }[], offset: number): IacValue {
    const values: IacValue[] = [];
    let to = offset;
    for (const { value, props } of items) {
      if (!value) continue;
      const v = this.node(value, props);
      values.push(v);
      to = Math.max(to, v.to);
    }
    return { type: 'array', items: values, from: offset, to };
  }
}
