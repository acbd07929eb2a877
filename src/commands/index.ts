import * as vscode from 'vscode';
import type { Services } from '../services';
import { refuseForgedNodes } from './nodeArguments';
import { runCommand } from './runCommand';
import { activateAccessKey } from './activateAccessKey';
import { addSsoAccounts } from './addSsoAccounts';
import { checkUnusedServices } from './checkUnusedServices';
import { copyArn } from './copyArn';
import { compareWithDeployed } from './compareWithDeployed';
import { copyName } from './copyName';
import { createAccessKey } from './createAccessKey';
import { deactivateAccessKey } from './deactivateAccessKey';
import { deleteAccessKey } from './deleteAccessKey';
import { editPolicy } from './editPolicy';
import { formatPolicyDocument, minifyPolicyDocument } from './formatPolicyDocument';
import { policySummary } from './policySummary';
import { testPolicy } from './testPolicy';
import { exportFindings } from './exportFindings';
import { goToEntity } from './goToEntity';
import { fixFinding } from './fixFinding';
import { goToFindingEntity } from './goToFindingEntity';
import { loadSnapshot } from './loadSnapshot';
import { operationCommands } from './operations';
import { refresh } from './refresh';
import { refreshFindings } from './refreshFindings';
import { rotateAccessKey } from './rotateAccessKey';
import { selectProfiles } from './selectProfiles';
import { showEffectivePermissions } from './showEffectivePermissions';
import { simulateAccess } from './simulateAccess';
import { whoCan } from './whoCan';
import { showAccessKeyLastUsed } from './showAccessKeyLastUsed';
import { removeSsoAccounts } from './removeSsoAccounts';
import { saveSsoProfiles } from './saveSsoProfiles';
import { ssoLogin } from './ssoLogin';
import { suppressFinding } from './suppressFinding';
import { unsuppressFinding } from './unsuppressFinding';

/** A command: its id (as contributed in package.json) and what it does. */
export interface CommandDef {
  readonly id: string;
  run(services: Services, ...args: unknown[]): Promise<unknown>;
}

/** The one registration list. */
export const commands: readonly CommandDef[] = [
  refresh,
  selectProfiles,
  goToEntity,
  copyArn,
  copyName,
  ssoLogin,
  editPolicy,
  formatPolicyDocument,
  testPolicy,
  policySummary,
  minifyPolicyDocument,
  createAccessKey,
  rotateAccessKey,
  activateAccessKey,
  deactivateAccessKey,
  deleteAccessKey,
  showAccessKeyLastUsed,
  loadSnapshot,
  simulateAccess,
  whoCan,
  showEffectivePermissions,
  compareWithDeployed,
  addSsoAccounts,
  saveSsoProfiles,
  removeSsoAccounts,
  ...operationCommands,
  refreshFindings,
  exportFindings,
  suppressFinding,
  unsuppressFinding,
  goToFindingEntity,
  fixFinding,
  checkUnusedServices,
];

export function registerCommands(context: vscode.ExtensionContext, services: Services): void {
  for (const def of commands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(
        def.id,
        runCommand(def.id, services, async (...args: unknown[]) => {
          refuseForgedNodes(def.id, args);
          return def.run(services, ...args);
        }),
      ),
    );
  }
}
