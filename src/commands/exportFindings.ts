import * as vscode from 'vscode';
import type { CommandDef } from '.';
import { formatFindings, type FindingsFormat } from '../core/findings/format';
import type { FindingsNode } from '../tree/findingsTree';
import { loadedFindings } from './findingPickers';
import { pickProfile } from './pickers';
import { Cancelled } from './runCommand';

const FORMATS: ReadonlyArray<{ label: string; description: string; format: FindingsFormat; extension: string }> = [
  { label: 'SARIF 2.1.0', description: 'code scanning tools, GitHub', format: 'sarif', extension: 'sarif' },
  { label: 'CSV', description: 'spreadsheets', format: 'csv', extension: 'csv' },
  { label: 'Markdown', description: 'a table for a ticket or a review', format: 'markdown', extension: 'md' },
];

/** IAM: Export Findings… — a profile's findings (suppressed ones left out) as SARIF, CSV or Markdown. */
export const exportFindings: CommandDef = {
  id: 'iamExplorer.exportFindings',
  async run(services, node?: unknown) {
    const profile =
      typeof node === 'object' && node !== null && 'profile' in node
        ? (node as FindingsNode).profile
        : await pickProfile(services);
    const loaded = await loadedFindings(services, profile);
    const picked = await services.ui.showQuickPick(FORMATS, {
      title: `Export the findings of ${services.tree.rootName(profile)} as`,
    });
    if (!picked) throw new Cancelled();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `iam-findings-${loaded.accountId}.${picked.extension}`;
    const target = await services.ui.showSaveDialog({
      title: 'Export findings',
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [picked.label]: [picked.extension] },
    });
    if (!target) throw new Cancelled();
    const { shown } = services.findingsStore.view(loaded);
    const version = String((services.context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
    await vscode.workspace.fs.writeFile(
      target,
      new TextEncoder().encode(formatFindings(shown, picked.format, { toolVersion: version })),
    );
    const what = `${shown.length} finding${shown.length === 1 ? '' : 's'} of ${services.tree.rootName(profile)}`;
    services.log.info(`Exported ${what} to ${target.fsPath}`);
    // Not awaited: the command is done once the file is written; the button opens it when pressed.
    void services.ui.showInformationMessage(`Exported ${what} to ${target.fsPath}.`, 'Open File').then((choice) => {
      if (choice === 'Open File') void vscode.window.showTextDocument(target);
    });
    return target;
  },
};
