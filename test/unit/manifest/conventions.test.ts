/**
 * VS Code conventions the manifest follows (issue 18): whole-number settings are `integer`,
 * destructive context-menu entries share one group prefix, and the welcome content is tied to
 * the context key the extension sets.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WELCOME_STATES } from '../../../src/core/credentials/welcome';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    configuration: {
      properties: Record<string, { type: string; default?: unknown; minimum?: number; maximum?: number }>;
    };
    menus: Record<string, { command: string; group?: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
  };
};

describe('package.json: VS Code conventions', () => {
  it('a setting with a whole-number default is an integer setting', () => {
    const numeric = Object.entries(manifest.contributes.configuration.properties).filter(
      ([, p]) => typeof p.default === 'number',
    );
    assert.ok(numeric.length >= 2, 'the numeric settings are found');
    for (const [key, p] of numeric) {
      if (Number.isInteger(p.default)) assert.equal(p.type, 'integer', `${key} is "${p.type}"`);
    }
  });

  it('destructive context-menu entries share one group, and every delete is in it', () => {
    const destructive = new Set<string>();
    let deletes = 0;
    for (const entries of Object.values(manifest.contributes.menus)) {
      for (const e of entries) {
        const group = (e.group ?? '').split('@')[0] ?? '';
        if (/destructive/.test(group)) destructive.add(group);
        if (/\.delete/.test(e.command)) {
          deletes++;
          assert.equal(group, '7_destructive', `${e.command} is in ${group}`);
        }
      }
    }
    assert.equal(deletes, 7, 'the seven delete entries are found');
    assert.deepEqual([...destructive], ['7_destructive']);
  });

  it('has welcome content for each state the extension can set, and none without a when clause', () => {
    for (const w of manifest.contributes.viewsWelcome)
      assert.ok(w.when, `welcome content without "when" never shows: ${w.contents.slice(0, 40)}`);
    const of = (view: string) => manifest.contributes.viewsWelcome.filter((w) => w.view === view);
    assert.deepEqual(
      of('iamExplorer.explorer')
        .map((w) => w.when)
        .sort(),
      WELCOME_STATES.map((s) => `iamExplorer.welcome == ${s}`).sort(),
    );
    // The Findings view lists no profile in any of those states: one welcome covers them all.
    assert.deepEqual(
      of('iamExplorer.findings').map((w) => w.when),
      [WELCOME_STATES.map((s) => `iamExplorer.welcome == ${s}`).join(' || ')],
    );
  });

  it('copy entries come before the destructive group in context menus, as in VS Code\u2019s Explorer', () => {
    const items = manifest.contributes.menus['view/item/context'] ?? [];
    const groups = new Set(items.map((e) => (e.group ?? '').split('@')[0] ?? ''));
    const copy = [...groups].filter((g) => /copy/.test(g));
    assert.deepEqual(copy, ['6_copy']);
    assert.ok(copy.every((g) => g < '7_destructive'));
  });
});
