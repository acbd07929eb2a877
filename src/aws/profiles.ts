import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

/** Every profile named in the shared config and credentials files (the SDK's own parser). */
export async function listProfileNames(): Promise<string[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return [...new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)])].sort();
}
