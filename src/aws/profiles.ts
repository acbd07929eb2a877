import {
  changedProfiles,
  formatProblem,
  problemsOfProfile,
  profilesUsingKey,
  readProfiles,
  type ProfilesReport,
} from '../core/credentials';
import { ENVIRONMENT_PROFILE } from './connections';

/** What a re-read of the shared files changed, profile by profile. */
export interface ProfilesChange {
  /** Profiles added, removed or whose effective definition changed: their clients are stale. */
  readonly changed: string[];
  /** Other profiles whose listed problems changed (their roots show them): only the tree is stale. */
  readonly problemsChanged: string[];
}

/**
 * The local profiles (names, kinds, key ids — never secrets), read from the shared files
 * and re-read after they change on disk.
 */
export class ProfileStore {
  private report: Promise<ProfilesReport> | undefined;
  /** The last report that loaded, for synchronous look-ups (tooltips). */
  private last: ProfilesReport | undefined;
  /** The report the last `reread` compared against: what the clients in use were built from. */
  private baseline: ProfilesReport | undefined;
  /** Re-reads run one after another, so two file events never compare against the same baseline. */
  private rereads: Promise<unknown> = Promise.resolve();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async load(): Promise<ProfilesReport> {
    const pending = (this.report ??= readProfiles());
    const report = await pending;
    this.last = report;
    this.baseline ??= report;
    return report;
  }

  invalidate(): void {
    this.report = undefined;
  }

  /**
   * Re-reads the files after they changed on disk and says which profiles changed since
   * the previous re-read (or the first load). Undefined when that cannot be told (a file
   * could not be read, now or before): then treat every profile as changed.
   */
  reread(): Promise<ProfilesChange | undefined> {
    const next = this.rereads.then(async () => {
      const before = this.baseline;
      this.invalidate();
      let after: ProfilesReport;
      try {
        after = await this.load();
      } catch {
        this.baseline = undefined;
        return undefined;
      }
      this.baseline = after;
      if (!before) return undefined;
      const changed = changedProfiles(before.fingerprints, after.fingerprints);
      const names = new Set([...before.fingerprints.keys(), ...after.fingerprints.keys()]);
      const problemsChanged = [...names]
        .filter((name) => !changed.includes(name) && problemsText(before, name) !== problemsText(after, name))
        .sort();
      return { changed, problemsChanged };
    });
    this.rereads = next.catch(() => undefined);
    return next;
  }

  /** Every profile name, plus the environment's credentials when they are set. */
  async names(): Promise<string[]> {
    const names = (await this.load()).profiles.map((p) => p.name).sort();
    if (this.env.AWS_ACCESS_KEY_ID && this.env.AWS_SECRET_ACCESS_KEY) names.push(ENVIRONMENT_PROFILE);
    return names;
  }

  /** Local profiles that hold this access key id (from the last load). */
  holding(accessKeyId: string): string[] {
    return this.last ? profilesUsingKey(this.last.profiles, accessKeyId) : [];
  }
}

function problemsText(report: ProfilesReport, profile: string): string {
  return problemsOfProfile(report.problems, profile).map(formatProblem).join('\n');
}
