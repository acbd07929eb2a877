// Tier-2 secret bookkeeping: the secrets a suite's emulators issue, kept in memory for the
// in-host scan and recorded as SHA-256 hashes (never the secrets) in the session's scratch
// folder, where scripts/vscode-host/run-tests.mjs looks for them, after the session, in
// everything the run printed and left on disk (scripts/vscode-host/secretScan.mjs).
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hashLine, SECRET_HASHES_FILE } from '../../scripts/vscode-host/secretScan.mjs';
import type { Emulator } from '../emulator';

/** Where the runner's scan reads the hashes; undefined outside run-tests.mjs. */
export function secretHashesFile(): string | undefined {
  const scratch = process.env.IAM_EXPLORER_TEST_SCRATCH;
  return scratch ? join(scratch, SECRET_HASHES_FILE) : undefined;
}

/** Secrets already recorded in the hashes file by this host (each once). */
const recorded = new Set<string>();

/** Adds `secret` to `into` and records its hash for the runner's scan. */
export function recordSecret(into: Set<string>, secret: string): void {
  into.add(secret);
  const file = secretHashesFile();
  if (!file || recorded.has(secret)) return;
  mkdirSync(join(file, '..'), { recursive: true });
  appendFileSync(file, hashLine(secret), { mode: 0o600 });
  recorded.add(secret);
}

/**
 * Every secret `emulator` holds now (its admin key, seeded keys) and every one it issues
 * from now on (CreateAccessKey, keys added by the test), recorded before any is deleted.
 */
export function recordEmulatorSecrets(emulator: Emulator, into: Set<string>): void {
  const { state } = emulator;
  recordSecret(into, emulator.adminKey.secretAccessKey);
  for (const key of state.accessKeys.values()) recordSecret(into, key.secret);
  const add = state.addAccessKey.bind(state);
  state.addAccessKey = (user, init) => {
    recordSecret(into, init.secret);
    return add(user, init);
  };
}

/** Names the places in `sources` that hold one of `secrets`: never the secret itself. */
export function placesHolding(
  secrets: ReadonlySet<string>,
  sources: readonly (readonly [place: string, text: string])[],
): string[] {
  const places: string[] = [];
  for (const [place, text] of sources) {
    let n = 0;
    for (const s of secrets) if (text.includes(s)) n++;
    if (n) places.push(`${place} (${n} secret${n === 1 ? '' : 's'})`);
  }
  return places;
}
