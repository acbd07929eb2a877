import type { CommandDef } from '.';
import { askName, askPath, connectionOf, existingNames, profileOf, report } from './ops';

/** IAM: Create Group… — name and path, validated as typed. */
export const createGroup: CommandDef = {
  id: 'iamExplorer.createGroup',
  async run(services, node?: unknown) {
    const profile = await profileOf(services, node);
    const name = await askName(
      services,
      'group',
      'Create IAM group (1/2)',
      await existingNames(services, profile, 'group'),
    );
    const path = await askPath(services, 'Create IAM group (2/2)');
    const conn = await connectionOf(services, profile);
    const group = await conn.service.createGroup(name, path);
    services.log.info(`created group ${group.arn}`);
    report(conn, [{ kind: 'created', entity: group }]);
    void services.ui.showInformationMessage(`Created IAM group ${name}.`);
    return group.arn;
  },
};
