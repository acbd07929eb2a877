import type { CommandDef } from '.';
import { ago } from '../core/iam/format';
import { keyTarget } from './accessKeys';

/** IAM: Show Access Key Last Used — GetAccessKeyLastUsed, fresh. */
export const showAccessKeyLastUsed: CommandDef = {
  id: 'iamExplorer.showAccessKeyLastUsed',
  async run(services, arg?: unknown) {
    const target = await keyTarget(services, arg, 'Show last use of which access key?');
    const { accessKeys } = await services.connections.get(target.profile);
    const used = await accessKeys.lastUsed(target.accessKeyId);
    const text = used.date
      ? `Access key ${target.accessKeyId} (${target.user.name}) was last used ` +
        `${used.date.toISOString().replace('T', ' ').slice(0, 16)} UTC (${ago(used.date, new Date())})` +
        `${used.service ? ` with ${used.service}` : ''}${used.region ? ` in ${used.region}` : ''}.`
      : `Access key ${target.accessKeyId} (${target.user.name}) ` +
        `has never been used (IAM records use since April 2015).`;
    await services.ui.showInformationMessage(text);
  },
};
