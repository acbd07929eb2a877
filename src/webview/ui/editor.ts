/**
 * The CodeMirror 6 editor: JSON, history, find, bracket matching, lint markers,
 * completion and hover from the policy core (the catalog answers come from the
 * extension side), themed from VS Code's CSS variables.
 */
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type Completion,
  type CompletionSource,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  HighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  hoverTooltip,
  keymap,
  lineNumbers,
  rectangularSelection,
  type Command,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { ActionCatalog } from '../../core/policy/catalog';
import { complete, hover, type CompletionKind } from '../../core/policy/completion';
import type { PolicyKind } from '../../core/policy/types';
import { hoverContent } from './render';

const v = (name: string, fallback = 'inherit') => `var(--vscode-${name}, ${fallback})`;

/** Where the selection shows, focused or not. */
const SELECTION =
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, ' +
  '.cm-selectionBackground, .cm-content ::selection';

/** Colours and fonts from the VS Code theme (light, dark and high contrast alike). */
const theme = EditorView.theme({
  '&': {
    color: v('editor-foreground'),
    backgroundColor: v('editor-background'),
    height: '100%',
    fontSize: v('editor-font-size', '13px'),
  },
  '.cm-scroller': {
    fontFamily: v('editor-font-family', 'monospace'),
    fontWeight: v('editor-font-weight', 'normal'),
    lineHeight: '1.5',
  },
  '.cm-content': { caretColor: v('editorCursor-foreground') },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: v('editorCursor-foreground') },
  '&.cm-focused': { outline: `1px solid ${v('focusBorder', 'transparent')}` },
  [SELECTION]: { backgroundColor: v('editor-selectionBackground') },
  '.cm-activeLine': { backgroundColor: v('editor-lineHighlightBackground', 'transparent') },
  '.cm-activeLineGutter': {
    backgroundColor: v('editor-lineHighlightBackground', 'transparent'),
    color: v('editorLineNumber-activeForeground'),
  },
  '.cm-gutters': {
    backgroundColor: v('editorGutter-background', v('editor-background')),
    color: v('editorLineNumber-foreground'),
    border: 'none',
  },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': {
    backgroundColor: v('editorBracketMatch-background', 'transparent'),
    outline: `1px solid ${v('editorBracketMatch-border', 'currentColor')}`,
  },
  '.cm-searchMatch': {
    backgroundColor: v('editor-findMatchHighlightBackground'),
    outline: `1px solid ${v('contrastBorder', 'transparent')}`,
  },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: v('editor-findMatchBackground') },
  '.cm-selectionMatch': { backgroundColor: v('editor-selectionHighlightBackground', 'transparent') },
  '.cm-panels': { backgroundColor: v('editorWidget-background'), color: v('editorWidget-foreground', v('foreground')) },
  '.cm-panels input, .cm-panels button': { fontFamily: 'inherit', fontSize: 'inherit' },
  '.cm-panels input': {
    backgroundColor: v('input-background'),
    color: v('input-foreground'),
    border: `1px solid ${v('input-border', 'transparent')}`,
  },
  '.cm-tooltip': {
    backgroundColor: v('editorHoverWidget-background'),
    color: v('editorHoverWidget-foreground', v('editor-foreground')),
    border: `1px solid ${v('editorHoverWidget-border', v('contrastBorder', 'transparent'))}`,
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: v('editorSuggestWidget-selectedBackground', v('list-activeSelectionBackground')),
    color: v('editorSuggestWidget-selectedForeground', v('list-activeSelectionForeground')),
  },
  '.cm-tooltip.cm-tooltip-autocomplete': {
    backgroundColor: v('editorSuggestWidget-background'),
    border: `1px solid ${v('editorSuggestWidget-border', 'transparent')}`,
  },
  '.cm-completionDetail': { opacity: '0.75', marginLeft: '1em', fontStyle: 'normal' },
  '.cm-completionInfo': { maxWidth: '28em', whiteSpace: 'normal' },
  '.cm-diagnostic-error': { borderLeftColor: v('editorError-foreground', 'red') },
  '.cm-diagnostic-warning': { borderLeftColor: v('editorWarning-foreground', 'orange') },
  '.cm-diagnostic-info': { borderLeftColor: v('editorInfo-foreground', 'blue') },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: `underline wavy ${v('editorError-foreground', 'red')}`,
  },
  '.cm-lintRange-warning': {
    backgroundImage: 'none',
    textDecoration: `underline wavy ${v('editorWarning-foreground', 'orange')}`,
  },
  '.cm-lintRange-info': {
    backgroundImage: 'none',
    textDecoration: `underline dotted ${v('editorInfo-foreground', 'blue')}`,
  },
});

const highlight = HighlightStyle.define([
  { tag: t.propertyName, color: v('symbolIcon-propertyForeground', v('editor-foreground')) },
  { tag: t.string, color: v('debugTokenExpression-string', v('editor-foreground')) },
  { tag: t.number, color: v('debugTokenExpression-number', v('editor-foreground')) },
  { tag: [t.bool, t.null], color: v('debugTokenExpression-boolean', v('editor-foreground')) },
  { tag: t.invalid, color: v('editorError-foreground', 'red') },
]);

const COMPLETION_TYPES: Record<CompletionKind, string> = {
  element: 'property',
  value: 'constant',
  service: 'namespace',
  action: 'function',
  operator: 'keyword',
  conditionKey: 'variable',
  principalType: 'type',
};

export interface EditorHooks {
  catalog: ActionCatalog;
  kind: () => PolicyKind;
  nonce: string;
  save: Command;
  format: Command;
  onChange: (view: EditorView) => void;
}

export interface PolicyEditor {
  view: EditorView;
  setReadOnly(readOnly: boolean): void;
}

export function createEditor(parent: HTMLElement, text: string, hooks: EditorHooks): PolicyEditor {
  const readOnly = new Compartment();
  const source: CompletionSource = async (ctx) => {
    const result = await complete(ctx.state.doc.toString(), ctx.pos, hooks.catalog, hooks.kind());
    if (!result || result.items.length === 0) return null;
    const options: Completion[] = result.items.map((i) => ({
      label: i.label,
      detail: i.detail,
      info: i.description,
      type: COMPLETION_TYPES[i.kind],
      apply: i.insert,
    }));
    // Offer only once something is typed, unless asked for (Ctrl+Space) or inside a string.
    return { from: result.from, to: result.to, options, validFor: /^[\w:.*\-/]*$/ };
  };
  const hoverSource = hoverTooltip(async (view, pos) => {
    const info = await hover(view.state.doc.toString(), pos, hooks.catalog);
    if (!info) return null;
    return { pos: info.from, end: info.to, above: true, create: () => ({ dom: hoverContent(info) }) };
  });

  const extensions: Extension[] = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    foldGutter(),
    drawSelection(),
    dropCursor(),
    indentOnInput(),
    syntaxHighlighting(highlight),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ override: [source], icons: false }),
    rectangularSelection(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    lintGutter(),
    hoverSource,
    json(),
    theme,
    EditorView.cspNonce.of(hooks.nonce),
    readOnly.of(EditorState.readOnly.of(false)),
    keymap.of([
      { key: 'Mod-s', run: hooks.save, preventDefault: true },
      { key: 'Shift-Alt-f', run: hooks.format },
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...foldKeymap,
      ...completionKeymap,
      ...lintKeymap,
      indentWithTab,
    ]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) hooks.onChange(u.view);
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: text, extensions }) });
  return {
    view,
    setReadOnly: (ro) => view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(ro)) }),
  };
}
