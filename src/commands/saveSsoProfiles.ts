import type { CommandDef } from '.';
import { saveSsoProfiles as writeSsoProfiles } from '../aws/sso';
import { accountAndRole, sourceKey, sourceLabel } from '../aws/ssoRoots';
import { displayPath } from '../core/credentials';
import { defaultProfileName } from '../core/sso';
import type { ExplorerNode } from '../tree/nodes';
import { backupFolder } from './accessKeys';
import { Cancelled } from './runCommand';

/**
 * Save as Profiles… — on a sign-in's node (or one picked): writes a `[profile …]` section
 * (sso_session or sso_start_url, sso_account_id, sso_role_name, region) for each chosen
 * account into the AWS config file, with rotation's backup and atomic write; the rest of the
 * file stays byte for byte. Only when asked; names that exist with other settings are refused.
 */
export const saveSsoProfiles: CommandDef = {
  id: 'iamExplorer.saveSsoProfiles',
  async run(services, node?: unknown) {
    const groups = services.ssoRoots.choices();
    const n = node as ExplorerNode | undefined;
    let choice = n?.kind === 'ssoSession' ? groups.find((g) => sourceKey(g.source) === n.profile) : undefined;
    if (!choice) {
      if (groups.length === 0)
        throw new Error(
          'No account was added from SSO yet: add some with IAM: Add Accounts from SSO…, then save them as profiles.',
        );
      const picked = await services.ui.showQuickPick(
        groups.map((g) => ({
          label: sourceLabel(g.source),
          description: `${g.accounts.length} account${g.accounts.length === 1 ? '' : 's'}`,
          group: g,
        })),
        {
          title: 'Save as Profiles',
          placeHolder: 'The SSO sign-in whose accounts to save as profiles',
          ignoreFocusOut: true,
        },
      );
      if (!picked) throw new Cancelled();
      choice = picked.group;
    }
    const session = await services.ssoRoots.session(choice.source);
    const region = session.source.profileRegion ?? session.source.region;
    const entries = await services.ui.showQuickPick(
      choice.accounts.map((a) => ({
        label: defaultProfileName(a.accountName, a.roleName),
        description: accountAndRole(a),
        picked: true,
        entry: {
          profileName: defaultProfileName(a.accountName, a.roleName),
          accountId: a.accountId,
          roleName: a.roleName,
          region,
        },
      })),
      {
        title: `Save as profiles in ${displayPath(session.paths.config)}`,
        placeHolder: 'The profiles to write (a backup of the file is kept)',
        canPickMany: true,
        ignoreFocusOut: true,
      },
    );
    if (!entries || entries.length === 0) throw new Cancelled();
    const result = await writeSsoProfiles(
      session,
      entries.map((e) => e.entry),
      { backupFolder: backupFolder(services) },
    );
    services.profiles.invalidate();
    const said = [
      result.added.length
        ? `Saved ${result.added.length} profile${result.added.length === 1 ? '' : 's'} to ` +
          `${displayPath(result.path)}: ${result.added.join(', ')}.`
        : '',
      result.unchanged.length ? `Already there: ${result.unchanged.join(', ')}.` : '',
    ].filter(Boolean);
    services.log.info(said.join(' '));
    void services.ui.showInformationMessage(said.join(' '));
    return result;
  },
};
