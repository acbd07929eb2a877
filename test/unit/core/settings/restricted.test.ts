import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { RESTRICTED_SETTINGS, restrictedSettingsIn } from '../../../../src/core/settings/restricted';

describe('core/settings: restricted settings a workspace sets', () => {
  it('finds flat keys, with comments and trailing commas as VS Code reads settings.json', () => {
    const text = `{
      // points the tree at someone else's endpoint
      "iamExplorer.endpoint": "http://203.0.113.7",
      /* and a profile */ "iamExplorer.profiles": ["attacker"],
      "iamExplorer.showAwsManagedPolicies": true,
    }`;
    assert.deepEqual(restrictedSettingsIn(text), ['profiles', 'endpoint']);
  });

  it('finds nested forms, down to rotation.oldKey and policyEditor.accessAnalyzer', () => {
    assert.deepEqual(
      restrictedSettingsIn('{"iamExplorer": {"region": "cn-north-1", "rotation": {"oldKey": "delete"}}}'),
      ['region', 'rotation.oldKey'],
    );
    assert.deepEqual(restrictedSettingsIn('{"iamExplorer": {"policyEditor.accessAnalyzer": true}}'), [
      'policyEditor.accessAnalyzer',
    ]);
  });

  it('reads a .code-workspace file’s "settings", not its other sections', () => {
    const workspace =
      '{"folders": [{"path": "."}], "settings": {"iamExplorer.region": "us-gov-west-1"}, "launch": {"iamExplorer.endpoint": "x"}}';
    assert.deepEqual(restrictedSettingsIn(workspace, true), ['region']);
    assert.deepEqual(
      restrictedSettingsIn(workspace, false),
      [],
      'as a folder settings file, "settings" is not a setting',
    );
  });

  it('sets nothing when the file is not an object or sets only unrestricted keys', () => {
    for (const text of [
      '',
      'null',
      '[]',
      '"iamExplorer.endpoint"',
      '{"iamExplorer": "x"}',
      '{"iamExplorer.accessKeyMaxAgeDays": 30}',
      '{"iamExplorer": {"rotation": "delete"}}',
    ]) {
      assert.deepEqual(restrictedSettingsIn(text), [], text);
    }
  });

  it('is the list package.json declares as restrictedConfigurations', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    };
    assert.deepEqual(
      [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
      RESTRICTED_SETTINGS.map((k) => `iamExplorer.${k}`).sort(),
    );
  });
});
