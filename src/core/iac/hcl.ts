/**
 * A small HCL 2 reader, limited to what finding policies needs: bodies of
 * attributes and blocks, and expressions read in full where they are literals
 * (strings, numbers, booleans, null, tuples, objects, function calls) and skipped
 * as "other" where they are anything else (references, operators, conditionals,
 * `for` expressions, splats), with every source span kept.
 *
 * Why hand-written: on npm, `hcl2-parser` and `@cdktf/hcl2json` are Go builds
 * (GopherJS, WebAssembly) that return JSON without source positions, and
 * `@tree-sitter-grammars/tree-sitter-hcl` needs a native build at install or the
 * web-tree-sitter runtime plus a grammar .wasm. None gives positions offline with
 * a plain `npm ci`, so this reads the subset below, and is tested on its own.
 *
 * Covered: `#`, `//` and `/* *\/` comments; quoted templates with escapes
 * (`\n \t \" \\ \uXXXX \UXXXXXXXX`), `${...}` and `%{...}` with nested braces and
 * strings, `$${` and `%%{` escapes; heredocs `<<EOF` and `<<-EOF`; nested blocks
 * with quoted or bare labels; one-line blocks.
 */

export interface HclSpan {
  from: number;
  to: number;
}

export type HclExpr =
  /** `value` is set when the template has no interpolation; `contentFrom` when its text is verbatim in the source. */
  | (HclSpan & { t: 'string'; value: string | undefined; contentFrom?: number })
  | (HclSpan & { t: 'heredoc'; content: string; contentFrom: number; interpolated: boolean })
  | (HclSpan & { t: 'number'; value: number })
  | (HclSpan & { t: 'bool'; value: boolean })
  | (HclSpan & { t: 'null' })
  | (HclSpan & { t: 'tuple'; items: HclExpr[] })
  | (HclSpan & { t: 'object'; items: HclObjectItem[] })
  | (HclSpan & { t: 'call'; name: string; args: HclExpr[] })
  | (HclSpan & { t: 'other' });

export interface HclObjectItem {
  /** Bare identifier or string key; undefined when the key is computed. */
  key: string | undefined;
  keyFrom: number;
  keyTo: number;
  keyContentFrom?: number;
  value: HclExpr;
}

export interface HclAttribute {
  name: string;
  nameFrom: number;
  nameTo: number;
  expr: HclExpr;
}

export interface HclBlock {
  type: string;
  labels: string[];
  from: number;
  to: number;
  body: HclBody;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Ctx = 'attr' | 'object' | 'tuple' | 'args' | 'paren';

const ID_START = /[A-Za-z_]/;
const ID_CHAR = /[A-Za-z0-9_-]/;

export function parseHcl(text: string): HclBody {
  const p = new Parser(text);
  const body = p.body(false);
  return body;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  private fail(message: string): never {
    throw new HclSyntaxError(message, this.i);
  }

  /** Skips blanks and comments; newlines too unless `stopAtNewline`. */
  private skip(stopAtNewline: boolean): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\n') {
        if (stopAtNewline) return;
        this.i++;
      } else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) this.fail('A /* comment is not closed.');
        this.i = end + 2;
      } else return;
    }
  }

  private ident(): string {
    const start = this.i;
    if (!ID_START.test(this.s[this.i] ?? '')) this.fail(`Expected a name, found "${this.s[this.i] ?? 'end of file'}".`);
    while (ID_CHAR.test(this.s[this.i] ?? '')) this.i++;
    return this.s.slice(start, this.i);
  }

  body(inBlock: boolean): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    for (;;) {
      this.skip(false);
      if (this.i >= this.s.length) {
        if (inBlock) this.fail('A block is not closed: "}" is missing.');
        return out;
      }
      if (this.s[this.i] === '}') {
        if (!inBlock) this.fail('Unexpected "}".');
        return out;
      }
      const nameFrom = this.i;
      const name = this.ident();
      const nameTo = this.i;
      this.skip(true);
      if (this.s[this.i] === '=' && this.s[this.i + 1] !== '=') {
        this.i++;
        this.skip(true);
        out.attributes.push({ name, nameFrom, nameTo, expr: this.expr('attr') });
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skip(true);
        const c = this.s[this.i];
        if (c === '"') {
          const str = this.template();
          labels.push(str.t === 'string' && str.value !== undefined ? str.value : '');
        } else if (c !== undefined && ID_START.test(c)) labels.push(this.ident());
        else break;
      }
      if (this.s[this.i] !== '{') this.fail(`Expected "=" or "{" after "${name}".`);
      this.i++;
      const b = this.body(true);
      this.i++; // the closing brace
      out.blocks.push({ type: name, labels, from: nameFrom, to: this.i, body: b });
    }
  }

  private atTerminator(ctx: Ctx): boolean {
    const c = this.s[this.i];
    if (c === undefined) return true;
    if (c === '\n' && (ctx === 'attr' || ctx === 'object')) return true;
    if (c === ',' || c === ')' || c === ']' || c === '}') return true;
    return false;
  }

  /** An expression: a literal when it is one, else `other` up to the end of the expression. */
  expr(ctx: Ctx): HclExpr {
    const from = this.i;
    const term = this.term();
    this.skip(ctx === 'attr' || ctx === 'object');
    if (this.atTerminator(ctx)) return term;
    this.skipRest(ctx);
    return { t: 'other', from, to: this.i };
  }

  /** Skips to the end of the current expression (operators, conditionals, traversals). */
  private skipRest(ctx: Ctx): void {
    for (;;) {
      this.skip(ctx === 'attr' || ctx === 'object');
      if (this.atTerminator(ctx)) return;
      const c = this.s[this.i];
      if (c === '"') this.template();
      else if (c === '<' && this.s[this.i + 1] === '<' && /[-A-Za-z_]/.test(this.s[this.i + 2] ?? '')) this.heredoc();
      else if (c === '(' || c === '[' || c === '{') this.skipGroup();
      else this.i++;
    }
  }

  /** Skips a bracketed group, strings and heredocs inside included. */
  private skipGroup(): void {
    const open = this.s[this.i];
    const close = open === '(' ? ')' : open === '[' ? ']' : '}';
    this.i++;
    for (;;) {
      this.skip(false);
      const c = this.s[this.i];
      if (c === undefined) this.fail(`"${open}" is not closed.`);
      if (c === close) {
        this.i++;
        return;
      }
      if (c === '"') this.template();
      else if (c === '<' && this.s[this.i + 1] === '<' && /[-A-Za-z_]/.test(this.s[this.i + 2] ?? '')) this.heredoc();
      else if (c === '(' || c === '[' || c === '{') this.skipGroup();
      else if (c === ')' || c === ']' || c === '}') this.fail(`Unexpected "${c}".`);
      else this.i++;
    }
  }

  private term(): HclExpr {
    const s = this.s;
    const from = this.i;
    const c = s[this.i];
    if (c === '"') return this.template();
    if (c === '<' && s[this.i + 1] === '<') return this.heredoc();
    if (c === '[') {
      if (this.startsFor()) {
        this.skipGroup();
        return { t: 'other', from, to: this.i };
      }
      this.i++;
      const items: HclExpr[] = [];
      for (;;) {
        this.skip(false);
        if (s[this.i] === ']') break;
        items.push(this.expr('tuple'));
        this.skip(false);
        if (s[this.i] === ',') this.i++;
        else if (s[this.i] !== ']') this.fail('Expected "," or "]" in a list.');
      }
      this.i++;
      return { t: 'tuple', items, from, to: this.i };
    }
    if (c === '{') {
      if (this.startsFor()) {
        this.skipGroup();
        return { t: 'other', from, to: this.i };
      }
      this.i++;
      const items: HclObjectItem[] = [];
      for (;;) {
        this.skip(false);
        if (s[this.i] === '}') break;
        const keyFrom = this.i;
        let key: string | undefined;
        let keyContentFrom: number | undefined;
        if (s[this.i] === '"') {
          const k = this.template();
          key = k.t === 'string' ? k.value : undefined;
          keyContentFrom = k.t === 'string' ? k.contentFrom : undefined;
        } else if (s[this.i] === '(') {
          this.skipGroup();
        } else {
          key = this.ident();
          keyContentFrom = keyFrom;
          // A traversal used as a key (`var.x = 1` is an error in HCL, but `local.k` in parens is not): computed.
          if (s[this.i] === '.') {
            while (/[A-Za-z0-9_.-]/.test(s[this.i] ?? '')) this.i++;
            key = undefined;
          }
        }
        const keyTo = this.i;
        this.skip(true);
        if (s[this.i] !== '=' && s[this.i] !== ':') this.fail('Expected "=" or ":" after an object key.');
        this.i++;
        this.skip(true);
        items.push({
          key,
          keyFrom,
          keyTo,
          keyContentFrom: key === undefined ? undefined : keyContentFrom,
          value: this.expr('object'),
        });
        this.skip(false);
        if (s[this.i] === ',') this.i++;
      }
      this.i++;
      return { t: 'object', items, from, to: this.i };
    }
    if (c === '(') {
      this.skipGroup();
      return { t: 'other', from, to: this.i };
    }
    if (c !== undefined && /[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(s.slice(this.i, this.i + 64));
      this.i += m?.[0].length ?? 1;
      return { t: 'number', value: Number(s.slice(from, this.i)), from, to: this.i };
    }
    if (c !== undefined && ID_START.test(c)) {
      const name = this.ident();
      if (name === 'true' || name === 'false') return { t: 'bool', value: name === 'true', from, to: this.i };
      if (name === 'null') return { t: 'null', from, to: this.i };
      const save = this.i;
      this.skip(true);
      if (s[this.i] === ':' && s[this.i + 1] === ':') {
        // provider::name::function(...)
        while (/[A-Za-z0-9_:-]/.test(s[this.i] ?? '')) this.i++;
      }
      if (s[this.i] === '(') {
        this.i++;
        const args: HclExpr[] = [];
        for (;;) {
          this.skip(false);
          if (s[this.i] === ')') break;
          args.push(this.expr('args'));
          this.skip(false);
          if (s[this.i] === ',') this.i++;
          else if (s[this.i] === '.' && s.startsWith('...', this.i)) this.i += 3;
          else if (s[this.i] !== ')') this.fail('Expected "," or ")" in a function call.');
        }
        this.i++;
        return { t: 'call', name, args, from, to: this.i };
      }
      this.i = save;
      return { t: 'other', from, to: this.i };
    }
    if (c === '-' || c === '!') {
      this.i++;
      this.skip(true);
      this.term();
      return { t: 'other', from, to: this.i };
    }
    return this.fail(`Unexpected "${c ?? 'end of file'}" where a value was expected.`);
  }

  private startsFor(): boolean {
    return /^[[{]\s*for\s/.test(this.s.slice(this.i, this.i + 8));
  }

  /** A quoted template. Decodes escapes; `value` is undefined when it interpolates. */
  private template(): HclExpr {
    const s = this.s;
    const from = this.i;
    this.i++;
    let value = '';
    let interpolated = false;
    for (;;) {
      const c = s[this.i];
      if (c === undefined || c === '\n') this.fail('A string is not closed: the closing " is missing.');
      if (c === '"') {
        this.i++;
        break;
      }
      if (c === '\\') {
        const n = s[this.i + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n !== undefined && simple[n] !== undefined) {
          value += simple[n];
          this.i += 2;
        } else if (n === 'u' || n === 'U') {
          const len = n === 'u' ? 4 : 8;
          const hex = s.slice(this.i + 2, this.i + 2 + len);
          if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== len) this.fail('Invalid \\u escape in a string.');
          value += String.fromCodePoint(parseInt(hex, 16));
          this.i += 2 + len;
        } else this.fail(`Invalid escape "\\${n ?? ''}" in a string.`);
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        value += `${c}{`;
        this.i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        interpolated = true;
        this.i += 1;
        this.skipGroup();
        continue;
      }
      value += c;
      this.i++;
    }
    const raw = s.slice(from + 1, this.i - 1);
    if (interpolated) return { t: 'string', value: undefined, from, to: this.i };
    return { t: 'string', value, from, to: this.i, contentFrom: raw === value ? from + 1 : undefined };
  }

  private heredoc(): HclExpr {
    const s = this.s;
    const from = this.i;
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(s.slice(this.i, this.i + 200));
    if (!m) this.fail('Expected a heredoc marker such as <<EOF on its own line.');
    const marker = m[2] ?? '';
    const contentFrom = this.i + m[0].length;
    let lineStart = contentFrom;
    for (;;) {
      if (lineStart >= s.length)
        this.fail(`The heredoc <<${marker} is not closed: a line with ${marker} alone is missing.`);
      let lineEnd = s.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = s.length;
      if (s.slice(lineStart, lineEnd).trim() === marker) {
        const content = s.slice(contentFrom, lineStart);
        this.i = lineStart + s.slice(lineStart, lineEnd).indexOf(marker) + marker.length;
        return { t: 'heredoc', content, contentFrom, interpolated: /(^|[^$%])[$%]\{/.test(content), from, to: this.i };
      }
      lineStart = lineEnd + 1;
    }
  }
}
