/**
 * What the Marketplace and the Extensions view show of the package (issue 18): a 128×128 PNG
 * icon, no placeholder links, a banner, a Getting Started walkthrough whose steps point at files
 * that ship and at commands and views that exist, and the third-party notices it ships.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  repository?: { url?: string };
  bugs?: unknown;
  homepage?: unknown;
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs?: {
      id: string;
      steps: { id: string; description: string; media: { markdown?: string; image?: string } }[];
    }[];
  };
};

describe('package.json: Marketplace basics', () => {
  it('has a 128×128 PNG icon', () => {
    assert.ok(manifest.icon, 'no "icon"');
    const png = readFileSync(join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('links nowhere that does not exist, and has a banner', () => {
    const text = JSON.stringify({ repository: manifest.repository, bugs: manifest.bugs, homepage: manifest.homepage });
    assert.doesNotMatch(text, /example\.(invalid|com)/);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''));
  });

  it('has a Getting Started walkthrough whose steps use shipped files and real commands and views', () => {
    const steps = manifest.contributes.walkthroughs?.flatMap((w) => w.steps) ?? [];
    assert.deepEqual(
      steps.map((s) => s.id),
      ['selectProfiles', 'browse', 'rotate', 'editPolicy', 'demo'],
    );
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    const views = new Set(
      Object.values(manifest.contributes.views)
        .flat()
        .map((v) => v.id),
    );
    for (const step of steps) {
      const file = step.media.markdown ?? step.media.image ?? '';
      assert.ok(
        file.startsWith('media/') && existsSync(join(root, file)),
        `step ${step.id}: ${file} is not a shipped file`,
      );
      for (const [, id] of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
        const known = commands.has(id as string) || views.has((id as string).replace(/\.focus$/, ''));
        assert.ok(known, `step ${step.id} links to an unknown command ${id}`);
      }
    }
  });

  it('ships ThirdPartyNotices.txt (kept current by npm test: build.mjs --check-notices)', () => {
    assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!ThirdPartyNotices\.txt$/m);
    assert.match(readFileSync(join(root, 'ThirdPartyNotices.txt'), 'utf8'), /^- @aws-sdk\/client-iam@/m);
  });
});
