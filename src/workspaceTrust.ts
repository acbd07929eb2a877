import * as vscode from 'vscode';
import { ignoredWorkspaceSettings } from './aws/settings';
import type { Services } from './services';

/**
 * Tells the user, visibly, when an untrusted workspace's settings try to choose the
 * profiles, endpoint, region or other restricted settings (src/aws/settings.ts), which are
 * then ignored: a message on the IAM view for as long as it lasts, and a warning with a
 * way to manage trust each time the set of ignored settings changes.
 */
export class WorkspaceTrustNotice {
  private announced = '';

  constructor(private readonly services: Pick<Services, 'ui' | 'log' | 'view'>) {}

  /** The notice for the current settings, or undefined when nothing is ignored. */
  static text(ignored: string[]): string | undefined {
    if (ignored.length === 0) return undefined;
    const names = ignored.join(', ');
    return (
      `This workspace's settings set ${names}, which IAM Explorer ignores because the workspace is not trusted; ` +
      `your user settings apply. Trust the workspace to use them.`
    );
  }

  /** Re-reads the workspace's settings; serialised, so the latest call's outcome wins. */
  update(): Promise<void> {
    this.pending = this.pending
      .then(() => this.check())
      .catch((err: unknown) => this.services.log.warn(`checking workspace settings: ${String(err)}`));
    return this.pending;
  }

  private pending: Promise<void> = Promise.resolve();

  private async check(): Promise<void> {
    const ignored = await ignoredWorkspaceSettings();
    const text = WorkspaceTrustNotice.text(ignored);
    this.services.view.message = text;
    const key = ignored.join(',');
    if (key === this.announced) return;
    this.announced = key;
    if (!text) return;
    this.services.log.warn(text);
    void this.services.ui.showWarningMessage(text, {}, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }
}
