import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from '../credentials/safeWrite';
import type { JournalEntry, RotationJournal } from './ports';

/**
 * A rotation journal as a small JSON file (key ids, paths, the step; never a secret) in
 * `folder`, one per account and user. Written durably (safeWrite's writePrivateFile), 0600.
 */
export function fileJournal(folder: string, account: string, userName: string): RotationJournal {
  const safe = (s: string) => s.replace(/[^\w.@+=,-]/g, '_');
  const file = join(folder, `rotation-${safe(account)}-${safe(userName)}.json`);
  return {
    async load() {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return JSON.parse(text) as JournalEntry;
      } catch {
        return undefined; // a torn or foreign file: nothing to resume
      }
    },
    async save(entry) {
      await fs.mkdir(folder, { recursive: true, mode: 0o700 });
      await writePrivateFile(file, JSON.stringify(entry, undefined, 2));
    },
    async clear() {
      await fs.rm(file, { force: true });
    },
  };
}

/** An in-memory journal (tests; or where nothing can be persisted). */
export function memoryJournal(): RotationJournal & { entry: JournalEntry | undefined } {
  return {
    entry: undefined,
    async load() {
      return this.entry;
    },
    async save(entry) {
      this.entry = structuredClone(entry);
    },
    async clear() {
      this.entry = undefined;
    },
  };
}
