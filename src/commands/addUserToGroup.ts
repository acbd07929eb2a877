import type { CommandDef } from '.';
import { entityNodes } from './pickers';
import { connectionOf, plural, report, resolveTarget, selectedEntities, runBulk, type Mutation } from './ops';
import { Cancelled } from '../core/cancelled';

/**
 * IAM: Add User to Groups… — from users (multi-select) pick groups; from a group pick users.
 * IAM's groups-per-user quota is checked before calling.
 */
export const addUserToGroup: CommandDef = {
  id: 'iamExplorer.addUserToGroup',
  async run(services, node?: unknown, selection?: unknown) {
    const groups = selectedEntities(node, selection, ['group']);
    let profile: string;
    let pairs: { user: string; group: string }[];
    if (groups?.[0]) {
      profile = groups[0].profile;
      const { service } = await connectionOf(services, profile);
      const members =
        groups.length === 1
          ? new Set((await service.listGroupMembers(groups[0].entity.name)).map((u) => u.name))
          : new Set<string>();
      const users = (await entityNodes(services, profile, ['user'])).filter((u) => !members.has(u.entity.name));
      const what = groups.length === 1 ? `group ${groups[0].entity.name}` : plural(groups.length, 'group');
      const picked = await services.ui.showQuickPick(
        users.map((u) => ({
          label: u.entity.name,
          description: u.entity.path !== '/' ? u.entity.path : undefined,
          detail: u.entity.arn,
        })),
        { title: `Add users to ${what}`, canPickMany: true, matchOnDescription: true, placeHolder: 'Users to add' },
      );
      if (!picked || picked.length === 0) throw new Cancelled();
      pairs = groups.flatMap((g) => picked.map((u) => ({ user: u.label, group: g.entity.name })));
    } else {
      const users = selectedEntities(node, selection, ['user']) ?? [
        await resolveTarget(services, node, ['user'], 'Add which user to groups?'),
      ];
      profile = users[0]?.profile ?? '';
      const { service } = await connectionOf(services, profile);
      const first = users[0]?.entity.name ?? '';
      // Memberships are read from IAM right before writing (the quota check must see IAM's count, not an older
      // picture).
      const current = users.length === 1 ? (await service.listGroupsForUser(first)).map((g) => g.name) : [];
      const candidates = (await entityNodes(services, profile, ['group'])).filter(
        (g) => !current.includes(g.entity.name),
      );
      const what = users.length === 1 ? `user ${first}` : plural(users.length, 'user');
      const picked = await services.ui.showQuickPick(
        candidates.map((g) => ({
          label: g.entity.name,
          description: g.entity.path !== '/' ? g.entity.path : undefined,
          detail: g.entity.arn,
        })),
        { title: `Add ${what} to groups`, canPickMany: true, matchOnDescription: true, placeHolder: 'Groups to join' },
      );
      if (!picked || picked.length === 0) throw new Cancelled();
      const summary = await service.accountSummary().catch(() => ({}) as Record<string, number>);
      const quota = summary.GroupsPerUserQuota ?? 10;
      for (const u of users) {
        const has = users.length === 1 ? current.length : (await service.listGroupsForUser(u.entity.name)).length;
        if (has + picked.length > quota) {
          throw new Error(
            `User ${u.entity.name} is in ${has} groups and IAM allows ${quota}; adding ${picked.length} would ` +
              `exceed that. Pick fewer groups, or remove the user from some first.`,
          );
        }
      }
      pairs = users.flatMap((u) => picked.map((g) => ({ user: u.entity.name, group: g.label })));
    }
    const conn = await connectionOf(services, profile);
    const { service } = conn;
    const changes: Mutation[] = [];
    try {
      await runBulk(
        services,
        conn.profile,
        'Adding users to groups',
        pairs,
        (p) => `${p.user} to ${p.group}`,
        async (p) => {
          await service.addUserToGroup(p.user, p.group);
          services.log.info(`added user ${p.user} to group ${p.group}`);
          changes.push({ kind: 'membership', ...p, member: true });
        },
      );
    } finally {
      report(conn, changes);
    }
  },
};
