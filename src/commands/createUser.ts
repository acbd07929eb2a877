import type { CommandDef } from '.';
import { askName, askPath, askTags, connectionOf, existingNames, profileOf, report } from './ops';

/** IAM: Create User… — name, path and tags, validated as typed. */
export const createUser: CommandDef = {
  id: 'iamExplorer.createUser',
  async run(services, node?: unknown) {
    const profile = await profileOf(services, node);
    const name = await askName(
      services,
      'user',
      'Create IAM user (1/3)',
      await existingNames(services, profile, 'user'),
    );
    const path = await askPath(services, 'Create IAM user (2/3)');
    const tags = await askTags(services, 'Create IAM user (3/3)');
    const conn = await connectionOf(services, profile);
    const user = await conn.service.createUser(name, path, tags);
    services.log.info(`created user ${user.arn}`);
    report(conn, [{ kind: 'created', entity: user }]);
    void services.ui.showInformationMessage(`Created IAM user ${name}.`);
    return user.arn;
  },
};
