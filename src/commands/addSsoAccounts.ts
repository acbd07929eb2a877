import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { maxConcurrentAccounts } from '../aws/settings';
import { sourceLabel } from '../aws/ssoRoots';
import { readSharedFiles, sharedFilePaths } from '../core/credentials';
import { describeAwsError } from '../core/iam/errors';
import { chooseRole, listSsoSources, roleCounts, SsoError, type SsoAccountRoles, type SsoSourceRef } from '../core/sso';
import type { ExplorerNode } from '../tree/nodes';
import { Cancelled } from './runCommand';
import type { Services } from '../services';

/**
 * IAM: Add Accounts from SSO… — on an SSO profile's root, or a sign-in picked from the config
 * file (an sso-session, or a legacy SSO profile): lists the accounts and roles the cached
 * token reaches (cancellable, at most maxConcurrentAccounts accounts at once), the user picks
 * accounts and one role name for them, and each becomes a root under the sign-in's node. No
 * token: the error offers "Run aws sso login".
 */
export const addSsoAccounts: CommandDef = {
  id: 'iamExplorer.addSsoAccounts',
  async run(services, node?: unknown) {
    const source = await sourceOf(services, node as ExplorerNode | undefined);
    const accounts = await listAccounts(services, source);
    if (accounts.length === 0) {
      await services.ui.showInformationMessage(`The SSO sign-in ${sourceLabel(source)} reaches no account.`);
      return [];
    }
    const failed = accounts.filter((a) => a.error !== undefined);
    for (const a of failed)
      services.log.warn(
        `roles of account ${a.accountName} (${a.accountId}) could not be listed: ${describeAwsError(a.error)}`,
      );
    const picked = await services.ui.showQuickPick(
      accounts.map((a) => ({
        label: a.accountName,
        description: a.accountId,
        detail:
          a.error !== undefined
            ? `roles could not be listed: ${describeAwsError(a.error)}`
            : `${a.emailAddress ? `${a.emailAddress} · ` : ''}${a.roles.join(', ') || 'no roles'}`,
        account: a,
      })),
      {
        title: `Add accounts from ${sourceLabel(source)}`,
        placeHolder: 'Pick the accounts to add (type to filter by name or id)',
        canPickMany: true,
        matchOnDescription: true,
        ignoreFocusOut: true,
      },
    );
    if (!picked || picked.length === 0) throw new Cancelled();
    const chosenAccounts = picked.map((p) => p.account);
    const counts = roleCounts(chosenAccounts);
    if (counts.length === 0) throw new Error('None of the chosen accounts has a role you may use.');
    const role = await services.ui.showQuickPick(
      counts.map((c) => ({
        label: c.roleName,
        description: `in ${c.accounts} of ${chosenAccounts.length} account${chosenAccounts.length === 1 ? '' : 's'}`,
        roleName: c.roleName,
      })),
      {
        title: 'Role to use in the chosen accounts',
        placeHolder: 'One role name for all, where each account has it',
        ignoreFocusOut: true,
      },
    );
    if (!role) throw new Cancelled();
    const { chosen, without } = chooseRole(chosenAccounts, role.roleName);
    await services.ssoRoots.add(
      source,
      chosen.map((c) => ({ accountId: c.account.accountId, accountName: c.account.accountName, roleName: c.roleName })),
    );
    services.tree.refresh();
    services.findings.refresh();
    if (without.length) {
      void services.ui.showInformationMessage(
        `Not added (no role ${role.roleName}): ${without.map((a) => a.accountName).join(', ')}.`,
      );
    }
    services.log.info(`added ${chosen.length} account(s) from ${sourceLabel(source)} with role ${role.roleName}`);
    return chosen.map((c) => c.account.accountId);
  },
};

/** The sign-in: the SSO profile of the root the command ran on, else one picked from the config file. */
async function sourceOf(services: Services, node: ExplorerNode | undefined): Promise<SsoSourceRef> {
  if (node?.kind === 'profile' && !node.sso) return { profile: node.profile };
  // An SSO account's root or its sign-in's node: that sign-in.
  const group =
    node?.kind === 'ssoSession'
      ? node
      : node?.kind === 'profile' && node.parent?.kind === 'ssoSession'
        ? node.parent
        : undefined;
  const known = group ? services.ssoRoots.sourceOf(group.profile) : undefined;
  if (known) return known;
  const { texts } = await readSharedFiles(sharedFilePaths());
  const sources = listSsoSources(texts);
  if (sources.length === 0) {
    throw new Error(
      'The AWS config file has no SSO sign-in (an [sso-session] section, or a profile with sso_start_url). Add ' +
        'one with aws configure sso, then try again.',
    );
  }
  const picked = await services.ui.showQuickPick(
    sources.map((s) => ({ label: sourceLabel(s), source: s })),
    { title: 'Add accounts from SSO', placeHolder: 'The SSO sign-in to list accounts from', ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return picked.source;
}

/** Lists the accounts and roles with progress; a missing or expired sign-in offers aws sso login. */
async function listAccounts(services: Services, source: SsoSourceRef): Promise<SsoAccountRoles[]> {
  try {
    const session = await services.ssoRoots.session(source);
    return await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Listing the accounts of ${sourceLabel(source)}`,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          return await session.listAccounts({
            maxConcurrent: maxConcurrentAccounts(),
            signal: controller.signal,
            onProgress: (done, total) => progress.report({ message: `${done} of ${total} accounts` }),
          });
        } catch (error) {
          if (controller.signal.aborted) throw new Cancelled();
          throw error;
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (error) {
    if (error instanceof SsoError && (error.code === 'not-signed-in' || error.code === 'expired') && error.loginArgs) {
      const choice = await services.ui.showErrorMessage(error.message, 'Run aws sso login');
      if (choice === 'Run aws sso login')
        await vscode.commands.executeCommand('iamExplorer.ssoLogin', [...error.loginArgs]);
      throw new Cancelled();
    }
    throw error;
  }
}
