import * as vscode from 'vscode';
import { join } from 'node:path';
import {
  checkProfileName,
  CLIPBOARD_CLEAR_SECONDS,
  copySecret,
  displayPath,
  privateModeCaveat,
  readProfiles,
  setProfileKeys,
  sharedFilePaths,
  writeAccessKeyCsv,
  writeCredentialsFile,
  type AccessKeyPair,
} from '../core/credentials';
import type { Entity } from '../core/iam/model';
import { fileWriteOf, type Delivery } from '../core/rotation';
import type { Services } from '../services';
import type { AccessKeyNode, EntityNode, ExplorerNode } from '../tree/nodes';
import { isEntityNode, pickEntityNode } from './pickers';
import { Cancelled } from '../core/cancelled';

/** The user an access-key command works on, and the tree node it came from (for refresh). */
export interface KeyTarget {
  readonly profile: string;
  readonly user: Entity;
  readonly accessKeyId: string;
  readonly status: 'Active' | 'Inactive';
}

export function isAccessKeyNode(node: unknown): node is AccessKeyNode {
  return typeof node === 'object' && node !== null && (node as ExplorerNode).kind === 'accessKey';
}

function isUserNode(node: unknown): node is EntityNode {
  return isEntityNode(node) && node.entity.type === 'user';
}

/** The user of a key node (its Access Keys folder's owner). */
function ownerOf(node: AccessKeyNode): Entity {
  const folder = node.parent;
  if (folder?.kind === 'subfolder') return folder.owner;
  throw new Error(`Access key ${node.key.accessKeyId} is not under a user in the tree.`);
}

/** A user node from the argument, or picked from the palette (profile → user). */
export async function userTarget(services: Services, arg: unknown): Promise<EntityNode> {
  if (isUserNode(arg)) return arg;
  const node = arg as ExplorerNode | undefined;
  if (node?.kind === 'subfolder' && node.sub === 'accessKeys') {
    return { kind: 'entity', id: `${node.profile}/${node.owner.arn}`, profile: node.profile, entity: node.owner };
  }
  if (isAccessKeyNode(arg)) {
    const user = ownerOf(arg);
    return { kind: 'entity', id: `${arg.profile}/${user.arn}`, profile: arg.profile, entity: user };
  }
  const picked = await pickEntityNode(services, ['user'], 'Which IAM user?');
  if (!isUserNode(picked)) throw new Cancelled();
  return picked;
}

/** The key from a key node, or picked: from a user node's keys, or profile → user → key from the palette. */
export async function keyTarget(
  services: Services,
  arg: unknown,
  title: string,
  filter?: (status: 'Active' | 'Inactive') => boolean,
): Promise<KeyTarget> {
  if (isAccessKeyNode(arg))
    return { profile: arg.profile, user: ownerOf(arg), accessKeyId: arg.key.accessKeyId, status: arg.key.status };
  const userNode = await userTarget(services, arg);
  const { accessKeys } = await services.connections.get(userNode.profile);
  const keys = (await accessKeys.listAccessKeys(userNode.entity.name)).filter((k) => !filter || filter(k.status));
  if (keys.length === 0)
    throw new Error(`User ${userNode.entity.name} has no ${filter ? 'suitable ' : ''}access key for this command.`);
  const picked = await services.ui.showQuickPick(
    keys.map((k) => ({
      label: k.accessKeyId,
      description: k.status,
      detail: holdersText(services, k.accessKeyId),
      key: k,
    })),
    { title, placeHolder: `Access keys of ${userNode.entity.name}` },
  );
  if (!picked) throw new Cancelled();
  return {
    profile: userNode.profile,
    user: userNode.entity,
    accessKeyId: picked.key.accessKeyId,
    status: picked.key.status,
  };
}

function holdersText(services: Services, accessKeyId: string): string | undefined {
  const holders = services.profiles.holding(accessKeyId);
  return holders.length ? `used by profile ${holders.join(', ')}` : undefined;
}

/**
 * Why losing this key would hurt, for the stronger warning: the local profiles that
 * hold it, and whether it signs this profile's own session.
 */
export async function keyUsage(
  services: Services,
  target: KeyTarget,
): Promise<{ holders: string[]; signsSession: boolean; warning: string }> {
  await services.profiles.load().catch(() => undefined);
  const holders = services.profiles.holding(target.accessKeyId);
  const signsSession = holders.includes(target.profile);
  const parts: string[] = [];
  if (signsSession)
    parts.push(
      `It signs this IAM Explorer session (profile ${target.profile}): the tree will stop working for that profile.`,
    );
  const others = holders.filter((h) => h !== target.profile);
  if (others.length)
    parts.push(
      `Local profile${others.length === 1 ? '' : 's'} ${others.join(', ')} in your AWS files use` +
        `${others.length === 1 ? 's' : ''} it and will stop working.`,
    );
  return { holders, signsSession, warning: parts.join(' ') };
}

/** After a change to a user's keys: refetch that user's Access Keys folders (and re-read the local profiles). */
export function refreshKeys(services: Services, profile: string, userName: string): void {
  services.profiles.invalidate();
  void services.profiles.load().catch(() => undefined);
  services.tree.refreshWhere(
    profile,
    (n) => n.kind === 'subfolder' && n.sub === 'accessKeys' && n.owner.name === userName,
  );
}

/**
 * Where the credentials writer keeps its backups: the extension's global storage, never
 * beside the credentials file (which may sit in a dotfiles repository or a synced folder).
 */
export function backupFolder(services: Services): string {
  return join(services.context.globalStorageUri.fsPath, 'credential-backups');
}

type DeliveryChoice = 'newProfile' | 'existingProfile' | 'csv' | 'clipboard';

/**
 * Asks where a new secret goes: a new or existing profile of the credentials file, a CSV
 * file (the console's columns), or the clipboard. Throws Cancelled when the user backs
 * out. The secret goes only to the place chosen: never to a message or the log.
 */
export async function deliverSecret(services: Services, key: AccessKeyPair, user: Entity): Promise<Delivery> {
  const { credentials } = sharedFilePaths();
  const items: (vscode.QuickPickItem & { choice: DeliveryChoice })[] = [
    {
      label: 'Save as a new profile',
      iconPath: new vscode.ThemeIcon('add'),
      description: displayPath(credentials),
      choice: 'newProfile',
    },
    {
      label: 'Save into an existing profile',
      iconPath: new vscode.ThemeIcon('edit'),
      description: 'replaces its keys',
      choice: 'existingProfile',
    },
    {
      label: 'Save as a CSV file…',
      iconPath: new vscode.ThemeIcon('file'),
      description: 'Access key ID,Secret access key',
      choice: 'csv',
    },
    {
      label: 'Copy to the clipboard',
      iconPath: new vscode.ThemeIcon('clippy'),
      description: 'paste it somewhere safe',
      choice: 'clipboard',
    },
  ];
  const picked = await services.ui.showQuickPick(items, {
    title: `Where should the secret of ${key.accessKeyId} go?`,
    placeHolder: 'The secret is shown only this once: IAM cannot show it again',
    ignoreFocusOut: true,
  });
  if (!picked) throw new Cancelled();
  switch (picked.choice) {
    case 'newProfile':
    case 'existingProfile': {
      const profile =
        picked.choice === 'newProfile'
          ? await askNewProfileName(services, user.name)
          : await pickStaticProfile(services);
      let written: readonly string[] = [];
      const result = await writeCredentialsFile(
        credentials,
        (text) => {
          const edit = setProfileKeys(text, profile, key);
          written = edit.profiles;
          return edit.text;
        },
        { backupFolder: backupFolder(services) },
      );
      services.profiles.invalidate();
      return {
        description: `profile ${profile} in ${displayPath(credentials)}`,
        writes: fileWriteOf(credentials, 'credentials', result, written),
      };
    }
    case 'csv': {
      const uri = await services.ui.showSaveDialog({
        title: `Save ${key.accessKeyId} as CSV`,
        saveLabel: 'Save Access Key',
        filters: { CSV: ['csv'] },
        defaultUri: vscode.Uri.file(`${user.name}_accessKeys.csv`),
      });
      if (!uri) throw new Cancelled();
      await writeAccessKeyCsv(uri.fsPath, key);
      const caveat = await privateModeCaveat(uri.fsPath);
      return { description: `${displayPath(uri.fsPath)} (${caveat ?? 'mode 600'})`, writes: [] };
    }
    case 'clipboard': {
      const copied = await copySecret(
        { read: () => services.ui.readClipboard(), write: (text) => services.ui.writeClipboard(text) },
        `aws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`,
      );
      void copied.cleared.then((cleared) => {
        if (cleared)
          services.log.info(
            `cleared the clipboard: it still held the secret of ${key.accessKeyId} after ${CLIPBOARD_CLEAR_SECONDS} s`,
          );
      });
      return {
        description: `the clipboard (cleared after ${CLIPBOARD_CLEAR_SECONDS} s if it still holds it: paste it now)`,
        writes: [],
      };
    }
  }
}

async function askNewProfileName(services: Services, userName: string): Promise<string> {
  const existing = new Set((await readProfiles().catch(() => undefined))?.profiles.map((p) => p.name) ?? []);
  const name = await services.ui.showInputBox({
    title: 'New profile name',
    prompt: `A new [profile] section in ${displayPath(sharedFilePaths().credentials)}`,
    value: userName.replace(/[^\w\-@+.%:/]/g, '-'),
    ignoreFocusOut: true,
    validateInput: (v) =>
      checkProfileName(v.trim()) ??
      (existing.has(v.trim())
        ? `Profile ${v.trim()} already exists: choose "Save into an existing profile" to replace its keys.`
        : undefined),
  });
  if (!name) throw new Cancelled();
  const trimmed = name.trim();
  const problem = checkProfileName(trimmed);
  if (problem) throw new Error(`${problem} Nothing was written.`);
  if (existing.has(trimmed)) throw new Error(`Profile ${trimmed} already exists; nothing was written.`);
  return trimmed;
}

async function pickStaticProfile(services: Services): Promise<string> {
  const report = await readProfiles();
  const candidates = report.profiles.filter((p) => p.kind === 'static' && p.files.includes('credentials'));
  if (candidates.length === 0)
    throw new Error('No profile in the credentials file holds access keys; save as a new profile instead.');
  const picked = await services.ui.showQuickPick(
    candidates.map((p) => ({ label: p.name, description: p.accessKeyId })),
    {
      title: 'Replace the keys of which profile?',
      placeHolder: 'Its access key id and secret are replaced; everything else is kept',
      ignoreFocusOut: true,
    },
  );
  if (!picked) throw new Cancelled();
  return picked.label;
}
