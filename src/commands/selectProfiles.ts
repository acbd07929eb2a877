import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { profilesTarget, selectedProfiles } from '../aws/settings';
import { Cancelled } from './runCommand';

/** IAM: Select Profiles… — a multi-select pick of every profile; saved per workspace (per user while the workspace is not trusted). */
export const selectProfiles: CommandDef = {
  id: 'iamExplorer.selectProfiles',
  async run(services) {
    const current = new Set(selectedProfiles());
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
    // An untrusted workspace's value would be ignored: then the choice goes to the user settings.
    await vscode.workspace.getConfiguration('iamExplorer').update('profiles', picked.map((p) => p.label), profilesTarget());
    services.log.info(`profiles selected: ${picked.map((p) => p.label).join(', ') || '(none)'}`);
  },
};
