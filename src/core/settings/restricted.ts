import { parse as parseJsonc, type ParseError } from 'jsonc-parser';

/**
 * Settings a workspace may set only once the user trusts it: they decide which credentials
 * are used and where requests and secrets go (profiles, endpoint, region, Access Analyzer),
 * how destructive a rotation is and whether it asks first (rotation.oldKey, rotation.confirm),
 * whether requests work at all (requestTimeoutSeconds: a repository could set it to fail every
 * request), or which accounts' trust raises no finding (knownAccounts). Keys under `iamExplorer.`.
 */
export const RESTRICTED_SETTINGS = [
  'profiles',
  'endpoint',
  'region',
  'rotation.oldKey',
  'rotation.confirm',
  'policyEditor.accessAnalyzer',
  'requestTimeoutSeconds',
  'knownAccounts',
] as const;
export type RestrictedSetting = (typeof RESTRICTED_SETTINGS)[number];

/**
 * Which restricted settings a workspace settings file sets: a folder's
 * `.vscode/settings.json`, or (`inWorkspaceFile`) a `.code-workspace` file's "settings".
 * Read as VS Code reads them: JSON with comments and trailing commas, flat keys
 * ("iamExplorer.endpoint") or nested objects ({"iamExplorer": {"endpoint": …}}). A file
 * that does not parse sets nothing (VS Code ignores it too).
 */
export function restrictedSettingsIn(text: string, inWorkspaceFile = false): RestrictedSetting[] {
  const errors: ParseError[] = [];
  const parsed: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const settings = inWorkspaceFile ? (isRecord(parsed) ? parsed.settings : undefined) : parsed;
  if (!isRecord(settings)) return [];
  return RESTRICTED_SETTINGS.filter((key) => {
    if (`iamExplorer.${key}` in settings) return true;
    // Nested forms: {"iamExplorer": {"rotation.oldKey": …}} or {"iamExplorer": {"rotation": {"oldKey": …}}}.
    const section = settings.iamExplorer;
    if (!isRecord(section)) return false;
    if (key in section) return true;
    let at: unknown = section;
    for (const part of key.split('.')) {
      if (!isRecord(at) || !(part in at)) return false;
      at = at[part];
    }
    return true;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
