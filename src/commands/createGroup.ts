import type { CommandDef } from '.';
import { askName, askPath, connectionOf, existingNames, profileOf, refreshChanged } from './ops';

/** IAM: Create Group… — name and path, validated as typed. */
export const createGroup: CommandDef = {
  id: 'iamExplorer.createGroup',
  async run(services, node?: unknown) {
    const profile = await profileOf(services, node);
    const name = await askName(services, 'group', 'Create IAM group (1/2)', await existingNames(services, profile, 'group'));
    const path = await askPath(services, 'Create IAM group (2/2)');
    const { service } = await connectionOf(services, profile);
    const arn = await service.createGroup(name, path);
    services.log.info(`created group ${arn}`);
    refreshChanged(services, profile, [{ kind: 'entities', type: 'group' }]);
    void services.ui.showInformationMessage(`Created IAM group ${name}.`);
    return arn;
  },
};
