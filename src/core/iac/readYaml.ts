/**
 * YAML into located values, with `yaml` (eemeli/yaml): YAML 1.2, so an unquoted
 * `Version: 2012-10-17` stays a string, and every node has its source range.
 * CloudFormation's short forms (`!Ref`, `!Sub`, `!GetAtt`, `!If`, `!Join`...) and
 * any other local tag parse as tagged nodes (the library only warns that it does
 * not resolve them) and become unknowns.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { IacEntry, IacValue } from './ir';

export interface YamlRead {
  value: IacValue | undefined;
  /** The text is not valid YAML; nothing is reported for it. */
  broken: boolean;
}

export function readYaml(text: string): YamlRead {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false });
  if (doc.errors.length > 0) return { value: undefined, broken: true };
  return { value: doc.contents ? yamlToIac(doc.contents as YamlNode, text) : undefined, broken: false };
}

function rangeOf(node: YamlNode): { from: number; to: number } {
  const [from = 0, to = from] = node.range ?? [];
  return { from, to };
}

/** A plain (unquoted) scalar's text: CloudFormation reads `AWS: 123456789012` or `Bool: false` as strings. */
function yamlToIac(node: YamlNode, text: string): IacValue {
  const { from, to } = rangeOf(node);
  if (isAlias(node)) return { type: 'unknown', why: 'alias', from, to };
  if (node.tag && node.tag.startsWith('!') && !node.tag.startsWith('!!')) {
    return { type: 'unknown', why: `intrinsic ${node.tag}`, from, to };
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return { type: 'null', from, to };
    if (typeof v === 'string') {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      const start = quoted ? from + 1 : from;
      const verbatim = (node.type === 'PLAIN' || quoted) && text.slice(start, start + v.length) === v;
      return { type: 'string', value: v, from, to, contentFrom: verbatim ? start : undefined };
    }
    if (typeof v === 'number' || typeof v === 'boolean') {
      const raw = text.slice(from, to);
      return { type: 'string', value: node.type === 'PLAIN' ? raw : String(v), from, to, contentFrom: node.type === 'PLAIN' ? from : undefined };
    }
    return { type: 'unknown', why: 'scalar', from, to };
  }
  if (isSeq(node)) {
    return { type: 'array', items: node.items.map((i) => yamlToIac(i as YamlNode, text)), from, to };
  }
  if (isMap(node)) {
    const entries: IacEntry[] = [];
    for (const pair of node.items) {
      const k = pair.key as YamlNode | null;
      if (!k || !isScalar(k) || pair.value === null || pair.value === undefined) continue;
      const key = String(k.value);
      const kr = rangeOf(k);
      const quoted = k.type === 'QUOTE_DOUBLE' || k.type === 'QUOTE_SINGLE';
      const start = quoted ? kr.from + 1 : kr.from;
      entries.push({
        key,
        keyFrom: kr.from,
        keyTo: kr.to,
        keyContentFrom: text.slice(start, start + key.length) === key ? start : undefined,
        value: yamlToIac(pair.value as YamlNode, text),
      });
    }
    return { type: 'object', entries, from, to };
  }
  return { type: 'unknown', why: 'unreadable', from, to };
}
