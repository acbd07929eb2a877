/**
 * Text that came from AWS (names, paths, descriptions, tags, error messages) made inert for
 * each way VS Code renders a string. An odd or compromised endpoint can return anything, so
 * nothing here relies on IAM's own character rules.
 *
 * How VS Code 1.100+ renders what an extension hands it:
 * - tree item labels and descriptions, quick input titles and placeholders, modal dialogs:
 *   plain text, nothing to do;
 * - quick pick item labels, descriptions and details: `$(name)` becomes an icon;
 * - input box prompts and validation messages: `$(name)` icons, and `[label](command:…)`,
 *   `[label](https://…)` and `[label](file:…)` become links (commands allowed);
 * - notification messages and progress text: the same links, commands allowed;
 * - `MarkdownString` tooltips: Markdown, with GFM autolinks (`https://…`, `www.…`, e-mail
 *   addresses) and, where theme icons are on, `$(name)` icons.
 */

/** VS Code's theme icon reference, `$(name)` or `$(name~modifier)` (ThemeIcon.iconNameExpression). */
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;

/**
 * For labels that render `$(name)` as an icon: a backslash before each reference makes VS
 * Code show it as written (`\$(x)` renders `$(x)`; `\\$(x)` renders `\$(x)`).
 */
export function iconSafe(text: string): string {
  return text.replace(ICON, (m) => `\\${m}`);
}

/**
 * For notification messages and input box prompts, which turn `[label](target)` into a live
 * link: a zero-width space between `]` and `(` leaves the text as it reads and breaks the link.
 */
export function linkSafe(text: string): string {
  return text.replace(/\](?=\()/g, ']\u200B');
}

/** Both, for input box prompts and validation messages (icons and links). */
export function promptSafe(text: string): string {
  return linkSafe(iconSafe(text));
}

/**
 * `text` as Markdown that renders as exactly that text: no emphasis, link, autolink, image,
 * HTML, entity, list, heading, code or (with `themeIcons`) icon can come out of it. The
 * escapes of VS Code's `MarkdownString.appendText`, plus the ones it leaves out: `<` (raw
 * HTML, which an untrusted string drops instead of showing), `&` (entities), and what GFM
 * turns into links without any bracket (`scheme://`, `www.`, `name@host`).
 */
export function markdownText(text: string, themeIcons: boolean): string {
  let s = text.replace(/\r\n?/g, '\n');
  if (themeIcons) s = iconSafe(s);
  return (
    s
      // Every ASCII punctuation character may be backslash-escaped in CommonMark; these are
      // the ones that can start something.
      .replace(/[\\`*_{}[\]()#+!~<>&@|]/g, '\\$&')
      .replace(/^([ \t]*)-/gm, '$1\\-')
      .replace(/^([ \t]*\d+)\./gm, '$1\\.')
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/(www)\./gi, '$1\\.')
      // White space kept as written (and no indented code block); a line break is a paragraph.
      .replace(/[ \t]/g, '&nbsp;')
      .replace(/\n/g, '\n\n')
  );
}
