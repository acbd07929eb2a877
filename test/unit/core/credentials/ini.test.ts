import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { loadSharedConfigFiles, parseKnownFiles } from '@smithy/shared-ini-file-loader';
import { parseIniText, prefixOf, profileNameOf, sdkSections } from '../../../../src/core/credentials/ini';
import { resolveSharedFiles } from '../../../../src/core/credentials/profiles';
import { tempFolder } from './helpers';

/** Texts chosen to hit every rule of the SDK's parseIni; no real secrets. */
const CREDENTIALS_CASES: Record<string, string> = {
  plain: '[default]\naws_access_key_id = AKIAFAKE000000000001\naws_secret_access_key = fake-secret-1\n',
  crlfAndComments:
    '# top\r\n[dev] ; note\r\naws_access_key_id=AKIAFAKE000000000002 # inline\r\n;aws_secret_access_key = commented\r\naws_secret_access_key =fake-secret-2\r\n',
  hashWithoutSpace: '[dev]\nkey=a#b;c\nother = x #y\n',
  noFinalNewline: '[a]\nregion = eu-west-1',
  duplicates: '[dev]\nregion = us-east-1\nregion = eu-west-1\n[ops]\nx = 1\n[dev]\noutput = json\n',
  subsections: '[dev]\ns3 =\n  max_concurrent_requests = 10\n  region = inner\nregion = outer\n',
  outsideAndBroken: 'stray = 1\n[dev\nregion = us-east-1\n[ok]\nkey: value\n= nokey\nregion=x\n',
  oddHeaders: '[ spaced ]\na = 1\n[profile dev]\nb = 2\n[]\nc = 3\n[foo bar]\nd = 4\n[profile.dot]\ne = 5\n',
  bomAndLoneCr: '\ufeff[default]\nregion = us-east-1\rX\nother = 2\r\n',
  tabs: '\t[tabbed]\t\n\tregion\t=\tap-south-1\t\n',
};

const CONFIG_CASES: Record<string, string> = {
  plain: '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\nservices = local\n',
  quoted: '[profile "q1"]\nregion = a\n[profile \'q2\']\nregion = b\n',
  unprefixed: '[dev]\nregion = ignored\n[profile  two-spaces]\nregion = ignored\n',
  shadowedDefault: '[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n',
  ssoAndServices:
    '[profile sso]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n[services local]\niam =\n  endpoint_url = http://localhost:4566\n',
  dotted: '[profile.dotted]\nregion = x\n[a.b]\nregion = y\n',
};

function plain(sections: Map<string, Record<string, string>>): Record<string, Record<string, string>> {
  return Object.fromEntries([...sections].map(([k, v]) => [k, { ...v }]));
}

/** The config file as the SDK's getConfigData maps it. */
function configView(text: string): Record<string, Record<string, string>> {
  const sections = sdkSections(parseIniText(text));
  const keys = new Set(sections.keys());
  const view: Record<string, Record<string, string>> = {};
  for (const [key, values] of sections) {
    const name = profileNameOf(key, 'config', keys) ?? (prefixOf(key) && prefixOf(key) !== 'profile' ? key : undefined);
    if (name !== undefined) view[name] = { ...values };
  }
  return view;
}

describe('credentials/ini: the same reading as the installed AWS SDK', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  before(async () => ({ dir, cleanup } = await tempFolder()));
  after(() => cleanup());

  async function sdkRead(credentials: string, config: string) {
    const filepath = join(dir, 'credentials');
    const configFilepath = join(dir, 'config');
    await fs.writeFile(filepath, credentials);
    await fs.writeFile(configFilepath, config);
    const init = { filepath, configFilepath, ignoreCache: true };
    return { files: await loadSharedConfigFiles(init), merged: await parseKnownFiles(init) };
  }

  for (const [name, text] of Object.entries(CREDENTIALS_CASES)) {
    it(`credentials: ${name}`, async () => {
      const { files } = await sdkRead(text, '');
      assert.deepStrictEqual(plain(sdkSections(parseIniText(text))), { ...files.credentialsFile });
    });
  }

  for (const [name, text] of Object.entries(CONFIG_CASES)) {
    it(`config: ${name}`, async () => {
      const { files } = await sdkRead('', text);
      assert.deepStrictEqual(configView(text), { ...files.configFile });
    });
  }

  it('merges config then credentials key by key, like parseKnownFiles', async () => {
    const credentials = CREDENTIALS_CASES.crlfAndComments + CREDENTIALS_CASES.duplicates;
    const config = CONFIG_CASES.plain + '[profile ops]\nregion = sa-east-1\n';
    const { merged } = await sdkRead(credentials, config);
    const ours = resolveSharedFiles({
      credentials: { path: 'c', text: credentials },
      config: { path: 'f', text: config },
    });
    for (const [name, profile] of ours.profiles)
      assert.deepStrictEqual({ ...profile.values }, { ...merged[name] }, name);
  });

  it('like the SDK, reads nothing from a file with a [__proto__] section', async () => {
    const text = '[dev]\nregion = x\n[__proto__]\n';
    const { files } = await sdkRead(text, '');
    assert.deepStrictEqual({ ...files.credentialsFile }, {});
    const parsed = parseIniText(text);
    assert.equal(parsed.rejectedAtLine, 3);
    assert.equal(sdkSections(parsed).size, 0);
  });

  it('keeps exact offsets, so slicing the text gives back each value', () => {
    const text = CREDENTIALS_CASES.crlfAndComments;
    for (const line of parseIniText(text).lines) {
      if (line.kind === 'entry') assert.equal(text.slice(line.valueStart, line.valueEnd), line.value);
    }
  });
});
