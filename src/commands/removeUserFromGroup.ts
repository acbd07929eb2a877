import type { CommandDef } from '.';
import { confirm, connectionOf, plural, report, resolveTarget, selectedOfKind, runBulk, type Mutation } from './ops';
import { Cancelled } from '../core/cancelled';

/**
 * IAM: Remove User from Groups… — the selected memberships (a user's Groups or a group's
 * Members, multi-select), or from a user pick its groups, from a group pick its members.
 */
export const removeUserFromGroup: CommandDef = {
  id: 'iamExplorer.removeUserFromGroup',
  async run(services, node?: unknown, selection?: unknown) {
    const refs = selectedOfKind(node, selection, 'reference').filter(
      (n) => n.parent?.kind === 'subfolder' && (n.parent.sub === 'userGroups' || n.parent.sub === 'members'),
    );
    let profile: string;
    let pairs: { user: string; group: string }[];
    if (refs.length) {
      profile = refs[0]?.profile ?? '';
      pairs = refs.flatMap((n) =>
        n.parent?.kind !== 'subfolder'
          ? []
          : n.parent.sub === 'userGroups'
            ? [{ user: n.parent.owner.name, group: n.name }]
            : [{ user: n.name, group: n.parent.owner.name }],
      );
    } else {
      const target = await resolveTarget(
        services,
        node,
        ['user', 'group'],
        'Remove memberships of which user or group?',
      );
      profile = target.profile;
      const { service } = await connectionOf(services, profile);
      const { entity } = target;
      const others =
        entity.type === 'user'
          ? await service.listGroupsForUser(entity.name)
          : await service.listGroupMembers(entity.name);
      if (others.length === 0) {
        void services.ui.showInformationMessage(
          entity.type === 'user' ? `User ${entity.name} is in no group.` : `Group ${entity.name} has no members.`,
        );
        return;
      }
      const picked = await services.ui.showQuickPick(
        others.map((o) => ({ label: o.name, detail: o.arn })),
        {
          title:
            entity.type === 'user'
              ? `Remove user ${entity.name} from groups`
              : `Remove members from group ${entity.name}`,
          canPickMany: true,
        },
      );
      if (!picked || picked.length === 0) throw new Cancelled();
      pairs = picked.map((p) =>
        entity.type === 'user' ? { user: entity.name, group: p.label } : { user: p.label, group: entity.name },
      );
    }
    const list = pairs.map((p) => `${p.user} from ${p.group}`).join('; ');
    await confirm(
      services,
      `Remove ${plural(pairs.length, 'membership')}: ${list}? The users lose the groups' permissions at once.`,
      'Remove',
    );
    const conn = await connectionOf(services, profile);
    const { service } = conn;
    const changes: Mutation[] = [];
    try {
      await runBulk(
        services,
        conn.profile,
        'Removing users from groups',
        pairs,
        (p) => `${p.user} from ${p.group}`,
        async (p) => {
          await service.removeUserFromGroup(p.user, p.group);
          services.log.info(`removed user ${p.user} from group ${p.group}`);
          changes.push({ kind: 'membership', ...p, member: false });
        },
      );
    } finally {
      report(conn, changes);
    }
  },
};
