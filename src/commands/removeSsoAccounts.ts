import type { CommandDef } from '.';
import { accountAndRole, sourceLabel, ssoRootKey } from '../aws/ssoRoots';
import type { ExplorerNode } from '../tree/nodes';
import { Cancelled } from './runCommand';

/**
 * Remove from View — accounts added from SSO: the account of an SSO root, every account of a
 * sign-in's node (after a confirmation), or accounts picked from the palette. Only the view
 * changes: nothing in AWS, nothing in the config file.
 */
export const removeSsoAccounts: CommandDef = {
  id: 'iamExplorer.removeSsoAccounts',
  async run(services, node?: unknown) {
    const n = node as ExplorerNode | undefined;
    const groups = services.ssoRoots.treeGroups();
    let keys: string[];
    if (n?.kind === 'profile' && n.sso) keys = [n.profile];
    else if (n?.kind === 'ssoSession') {
      const group = groups.find((g) => g.key === n.profile);
      if (!group) return 0;
      const answer = await services.ui.showWarningMessage(
        `Remove the ${group.roots.length} account${group.roots.length === 1 ? '' : 's'} of ${group.label} from ` +
          `the IAM view? Nothing changes in AWS or in your config file.`,
        { modal: true },
        'Remove',
      );
      if (answer !== 'Remove') throw new Cancelled();
      keys = group.roots.map((r) => r.profile);
    } else {
      const items = services.ssoRoots.choices().flatMap((c) =>
        c.accounts.map((a) => ({
          label: a.accountName,
          description: `${accountAndRole(a)} · ${sourceLabel(c.source)}`,
          key: ssoRootKey(c.source, a.accountId, a.roleName),
        })),
      );
      if (items.length === 0) throw new Error('No account was added from SSO.');
      const picked = await services.ui.showQuickPick(items, {
        title: 'Remove accounts added from SSO',
        placeHolder: 'The accounts to remove from the view',
        canPickMany: true,
      });
      if (!picked || picked.length === 0) throw new Cancelled();
      keys = picked.map((p) => p.key);
    }
    const removed = await services.ssoRoots.remove(keys);
    for (const key of keys) {
      services.connections.invalidate(key);
      services.findingsStore.forget(key);
    }
    services.tree.refresh();
    services.findings.refresh();
    services.log.info(`removed ${removed} account(s) added from SSO from the view`);
    return removed;
  },
};
