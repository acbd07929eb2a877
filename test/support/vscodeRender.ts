/**
 * What VS Code's workbench makes of a string on each surface, modelled on its own code
 * (VS Code 1.139, src/vs/base/browser/markdownRenderer.ts, iconLabels.ts, linkedText.ts),
 * so tests can say "this renders as that text, with no link, icon or element" instead of
 * only comparing escapes. The tests cannot reach the workbench's DOM (it runs in another
 * process), so Markdown is rendered with markdown-it, a CommonMark renderer with GFM
 * autolinks, configured to let raw HTML through, so any HTML that survives escaping shows.
 */
import MarkdownIt from 'markdown-it';

/** A `$(name)` icon reference, optionally escaped with a backslash (renderLabelWithIcons). */
const LABEL_WITH_ICONS = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
/** markdownEscapeEscapedIcons: runs on a MarkdownString's value before the Markdown parser. */
const ESCAPED_ICON = /\\\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;
/** parseLinkedText: notifications, input box prompts and validation messages. */
const LINKED_TEXT = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

export interface Rendered {
  /** The text a reader sees. */
  readonly text: string;
  /** Icons drawn from `$(name)` references. */
  readonly icons: readonly string[];
  /** Links, with their targets. */
  readonly links: readonly string[];
  /** Elements other than a paragraph, line break or bold label (Markdown only). */
  readonly elements: readonly string[];
}

/** renderLabelWithIcons: quick pick labels, descriptions and details. */
export function renderIconLabel(text: string): Rendered {
  const icons: string[] = [];
  const shown = text.replace(LABEL_WITH_ICONS, (_m, escaped: string | undefined, name: string) => {
    if (escaped) return `$(${name})`;
    icons.push(name);
    return '';
  });
  return { text: shown, icons, links: [], elements: [] };
}

function linkedText(text: string, icons: boolean): Rendered {
  const links: string[] = [];
  const found: string[] = [];
  let shown = '';
  let last = 0;
  const plain = (s: string) => {
    if (!icons) return s;
    const r = renderIconLabel(s);
    found.push(...r.icons);
    return r.text;
  };
  for (const m of text.matchAll(LINKED_TEXT)) {
    shown += plain(text.slice(last, m.index));
    links.push(m[2] ?? '');
    shown += m[1] ?? '';
    last = (m.index ?? 0) + m[0].length;
  }
  shown += plain(text.slice(last));
  return { text: shown, icons: found, links, elements: [] };
}

/**
 * A notification (showInformation/Warning/ErrorMessage without modal, progress text): line breaks become spaces, links
 * are live.
 */
export function renderNotification(message: string): Rendered {
  return linkedText(message.replace(/(\r\n|\n|\r)/g, ' ').trim(), false);
}

/** An input box's prompt or validation message: links and icons. */
export function renderPrompt(message: string): Rendered {
  return linkedText(message, true);
}

const markdownIt = new MarkdownIt({ html: true, linkify: true });
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: '\u00a0' };
const OWN_ELEMENTS = new Set(['p', 'br', 'strong']);

/**
 * A MarkdownString as a hover shows it (markdownRenderer.renderMarkdown, then renderLabelWithIcons when theme icons are
 * on).
 */
export function renderMarkdown(md: { value: string; supportThemeIcons?: boolean }): Rendered {
  const value = md.supportThemeIcons ? md.value.replace(ESCAPED_ICON, (m) => `\\${m}`) : md.value;
  let html = markdownIt.render(value);
  const icons: string[] = [];
  if (md.supportThemeIcons) {
    const r = renderIconLabel(html);
    html = r.text;
    icons.push(...r.icons);
  }
  const elements = [...html.matchAll(/<([a-zA-Z][\w-]*)/g)]
    .map((m) => (m[1] ?? '').toLowerCase())
    .filter((t) => !OWN_ELEMENTS.has(t));
  const links = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1] ?? '');
  const text = html
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<br\s*\/?>\n?/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
      e.startsWith('#x') || e.startsWith('#X')
        ? String.fromCodePoint(parseInt(e.slice(2), 16))
        : e.startsWith('#')
          ? String.fromCodePoint(Number(e.slice(1)))
          : (ENTITIES[e] ?? m),
    )
    .replace(/\u00a0/g, ' ')
    .replace(/\n$/, '');
  return { text, icons, links, elements };
}
