import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { listProfileNames } from '../aws/profiles';
import { selectedProfiles } from '../aws/settings';
import { Cancelled } from './runCommand';

/** IAM: Select Profiles… — a multi-select pick of every profile; the choice is saved per workspace. */
export const selectProfiles: CommandDef = {
  id: 'iamExplorer.selectProfiles',
  async run(services) {
    const current = new Set(selectedProfiles());
    const names = await listProfileNames();
    if (names.length === 0) {
      await services.ui.showInformationMessage(
        'No AWS profiles found. Create one with `aws configure` or add a section to ~/.aws/config.',
      );
      return;
    }
    const picked = await services.ui.showQuickPick(
      names.map((name) => ({ label: name, picked: current.has(name) })),
      { canPickMany: true, title: 'AWS profiles to show in the IAM tree', placeHolder: 'Select one or more profiles' },
    );
    if (!picked) throw new Cancelled();
    const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('iamExplorer').update('profiles', picked.map((p) => p.label), target);
  },
};
