import type { CommandDef } from '.';
import { Cancelled } from './runCommand';

/** IAM: Select Profiles… — a multi-select pick of every profile; kept in the workspace's state (the user settings with no folder open). */
export const selectProfiles: CommandDef = {
  id: 'iamExplorer.selectProfiles',
  async run(services) {
    const current = new Set(services.profileChoice.shown());
    const report = await services.profiles.load();
    const names = await services.profiles.names();
    if (names.length === 0) {
      await services.ui.showInformationMessage(
        `No AWS profiles found in ${report.paths.config} or ${report.paths.credentials}. Create one with "aws configure".`,
      );
      return;
    }
    const kinds = new Map(report.profiles.map((p) => [p.name, p.kind]));
    const picked = await services.ui.showQuickPick(
      names.map((name) => ({ label: name, description: kinds.get(name) ?? 'environment variables', picked: current.has(name) })),
      { canPickMany: true, title: 'AWS profiles to show in the IAM tree', placeHolder: 'Select one or more profiles' },
    );
    if (!picked) throw new Cancelled();
    // Never into the workspace's .vscode/settings.json: see ProfileChoice.
    await services.profileChoice.choose(picked.map((p) => p.label));
    services.log.info(`profiles selected: ${picked.map((p) => p.label).join(', ') || '(none)'}`);
  },
};
