import { profilesUsingKey, readProfiles, type ProfilesReport } from '../core/credentials';
import { ENVIRONMENT_PROFILE } from './connections';

/**
 * The local profiles (names, kinds, key ids — never secrets), read from the shared files
 * and re-read after they change on disk.
 */
export class ProfileStore {
  private report: Promise<ProfilesReport> | undefined;
  /** The last report that loaded, for synchronous look-ups (tooltips). */
  private last: ProfilesReport | undefined;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async load(): Promise<ProfilesReport> {
    this.report ??= readProfiles();
    this.last = await this.report;
    return this.last;
  }

  invalidate(): void {
    this.report = undefined;
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
