import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { displayPath, problemLabel } from '../core/credentials';
import { Cancelled } from '../core/cancelled';

/**
 * IAM: Select Profiles… — a multi-select pick of every profile; kept in the workspace's state (the user settings with
 * no folder open).
 */
export const selectProfiles: CommandDef = {
  id: 'iamExplorer.selectProfiles',
  async run(services) {
    const current = new Set(services.profileChoice.shown());
    const report = await services.profiles.load();
    const names = await services.profiles.names();
    const kinds = new Map(report.profiles.map((p) => [p.name, p.kind]));
    // A profile with an error in the files is listed with it, even one the SDK cannot see
    // (its header has no closing ]): whoever just added it sees why it does not work.
    const broken = new Map<string, string>();
    for (const problem of report.problems) {
      if (problem.severity !== 'error') continue;
      for (const name of [problem.profile, ...(problem.affects ?? [])]) {
        if (name !== undefined && !broken.has(name))
          broken.set(name, `${problemLabel(problem)} (${displayPath(problem.path)})`);
      }
    }
    if (names.length === 0 && broken.size === 0) {
      await services.ui.showInformationMessage(
        `No AWS profiles found in ${report.paths.config} or ${report.paths.credentials}. Create one with "aws ` +
          `configure".`,
      );
      return;
    }
    const listed = [...names, ...[...broken.keys()].filter((name) => !names.includes(name)).sort()];
    const picked = await services.ui.showQuickPick(
      listed.map((name) => ({
        label: name,
        description: broken.get(name) ?? kinds.get(name) ?? 'environment variables',
        ...(broken.has(name) ? { iconPath: new vscode.ThemeIcon('warning') } : {}),
        picked: current.has(name),
      })),
      { canPickMany: true, title: 'AWS profiles to show in the IAM tree', placeHolder: 'Select one or more profiles' },
    );
    if (!picked) throw new Cancelled();
    // Never into the workspace's .vscode/settings.json: see ProfileChoice.
    await services.profileChoice.choose(picked.map((p) => p.label));
    services.log.info(`profiles selected: ${picked.map((p) => p.label).join(', ') || '(none)'}`);
  },
};
