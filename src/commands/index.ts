import * as vscode from 'vscode';
import type { Services } from '../services';
import { refuseForgedNodes } from './nodeArguments';
import { runCommand } from './runCommand';
import { activateAccessKey } from './activateAccessKey';
import { addSsoAccounts } from './addSsoAccounts';
import { copyArn } from './copyArn';
import { compareWithDeployed } from './compareWithDeployed';
import { copyName } from './copyName';
import { createAccessKey } from './createAccessKey';
import { deactivateAccessKey } from './deactivateAccessKey';
import { deleteAccessKey } from './deleteAccessKey';
import { editPolicy } from './editPolicy';
import { goToEntity } from './goToEntity';
import { loadSnapshot } from './loadSnapshot';
import { operationCommands } from './operations';
import { refresh } from './refresh';
import { rotateAccessKey } from './rotateAccessKey';
import { selectProfiles } from './selectProfiles';
import { showEffectivePermissions } from './showEffectivePermissions';
import { simulateAccess } from './simulateAccess';
import { whoCan } from './whoCan';
import { showAccessKeyLastUsed } from './showAccessKeyLastUsed';
import { removeSsoAccounts } from './removeSsoAccounts';
import { saveSsoProfiles } from './saveSsoProfiles';
import { ssoLogin } from './ssoLogin';

/** A command: its id (as contributed in package.json) and what it does. */
export interface CommandDef {
  readonly id: string;
  run(services: Services, ...args: unknown[]): Promise<unknown>;
}

/** The one registration list. */
export const commands: readonly CommandDef[] = [refresh, selectProfiles, goToEntity, copyArn, copyName, ssoLogin, editPolicy, createAccessKey, rotateAccessKey, activateAccessKey, deactivateAccessKey, deleteAccessKey, showAccessKeyLastUsed, loadSnapshot, simulateAccess, whoCan, showEffectivePermissions, compareWithDeployed, addSsoAccounts, saveSsoProfiles, removeSsoAccounts, ...operationCommands];

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
