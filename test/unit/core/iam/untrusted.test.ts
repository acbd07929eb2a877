import { strict as assert } from 'node:assert';
import { iconSafe, linkSafe, markdownText, promptSafe } from '../../../../src/core/iam/untrusted';
import { HOSTILE } from '../../../fixtures/hostile';
import { renderIconLabel, renderMarkdown, renderNotification, renderPrompt } from '../../../support/vscodeRender';

const lines = (s: string) => s.replace(/\r\n?/g, '\n');
const withoutZwsp = (s: string) => s.replace(/\u200B/g, '');
const byId = (id: string) => {
  const h = HOSTILE.find((x) => x.id === id);
  if (!h) throw new Error(`no hostile string ${id}`);
  return h.text;
};

describe('core/iam/untrusted', () => {
  it('the hostile table holds distinct strings (ignoring case)', () => {
    assert.ok(HOSTILE.length >= 30);
    assert.equal(new Set(HOSTILE.map((h) => h.text.toLowerCase())).size, HOSTILE.length);
    assert.equal(new Set(HOSTILE.map((h) => h.id)).size, HOSTILE.length);
  });

  // The model of VS Code's renderers must see what is live, or the checks below prove nothing.
  it('the renderer model sees links, markup and icons in the raw strings', () => {
    assert.deepEqual(renderMarkdown({ value: byId('md-command-link') }).links, [
      'command:workbench.action.reloadWindow',
    ]);
    assert.deepEqual(renderMarkdown({ value: byId('html-bold') }).elements, ['b']);
    assert.deepEqual(renderMarkdown({ value: byId('md-image') }).elements, ['img']);
    assert.deepEqual(renderMarkdown({ value: byId('bare-url') }).links, ['https://evil.example/login?next=%2F']);
    assert.deepEqual(renderMarkdown({ value: byId('email') }).links, ['mailto:admin@example.com']);
    assert.deepEqual(renderMarkdown({ value: byId('www-url') }).links, ['http://www.example.com/login']);
    assert.deepEqual(renderMarkdown({ value: byId('codicons'), supportThemeIcons: true }).icons, [
      'alert',
      'loading~spin',
      'check',
    ]);
    assert.deepEqual(renderIconLabel(byId('codicons')).icons, ['alert', 'loading~spin', 'check']);
    assert.deepEqual(renderNotification(byId('md-command-link')).links, ['command:workbench.action.reloadWindow']);
    assert.deepEqual(renderPrompt(`Type ${byId('codicons')}`).icons, ['alert', 'loading~spin', 'check']);
    assert.equal(renderNotification(byId('very-long')).links.length, 60);
  });

  for (const { id, text } of HOSTILE) {
    it(`renders ${id} as the text it is: Markdown tooltip, quick pick label, notification, prompt`, () => {
      for (const themeIcons of [true, false]) {
        const md = renderMarkdown({
          value: `**User** ${markdownText(text, themeIcons)}`,
          supportThemeIcons: themeIcons,
        });
        assert.deepEqual([md.links, md.elements, md.icons], [[], [], []], `Markdown (theme icons ${themeIcons})`);
        assert.equal(md.text, `User ${lines(text)}`, `Markdown text (theme icons ${themeIcons})`);
      }

      const label = renderIconLabel(iconSafe(text));
      assert.deepEqual(label.icons, []);
      assert.equal(label.text, text);

      const note = renderNotification(linkSafe(text));
      assert.deepEqual(note.links, []);
      assert.equal(withoutZwsp(note.text), withoutZwsp(text.replace(/(\r\n|\n|\r)/g, ' ').trim()));

      const prompt = renderPrompt(promptSafe(`Type ${text} to confirm`));
      assert.deepEqual([prompt.links, prompt.icons], [[], []]);
      assert.equal(withoutZwsp(prompt.text), withoutZwsp(`Type ${text} to confirm`));
    });
  }

  it('leaves ordinary names, ARNs and dates readable in the Markdown source', () => {
    assert.equal(
      markdownText('arn:aws:iam::123456789012:user/eng/alice', true),
      'arn:aws:iam::123456789012:user/eng/alice',
    );
    assert.equal(markdownText('team = platform', true), 'team&nbsp;=&nbsp;platform');
    assert.equal(markdownText('2026-01-02T03:04:05.000Z', true), '2026-01-02T03:04:05.000Z');
  });
});
