import * as vscode from 'vscode';
import { accountAndRole } from '../aws/ssoRoots';
import { entityUri } from './findingsDecorations';
import { accessKeyDescription, accessKeyWarning } from '../core/iam/format';
import type { Entity } from '../core/iam/model';
import { isAwsManagedPolicyArn } from '../core/iam/partition';
import { markdownText } from '../core/iam/untrusted';
import { documentUri } from './documents';
import { FOLDER_LABELS, SUBFOLDER_LABELS, type ExplorerNode } from './nodes';

export interface TreeItemSettings {
  readonly accessKeyMaxAgeDays: number;
  /** Local profiles holding each access key id, for the key tooltip. */
  readonly profilesHoldingKey?: (accessKeyId: string) => readonly string[];
  readonly now?: Date;
}

export type IdentityState =
  | { readonly ok: true; readonly identity: { account: string; arn: string }; readonly alias?: string }
  | { readonly ok: false; readonly error: string };

const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
const None = vscode.TreeItemCollapsibleState.None;

const ENTITY_ICONS: Record<Entity['type'], string> = {
  user: 'person',
  group: 'organization',
  role: 'shield',
  policy: 'law',
};

/** The icon of a user, group, role or managed policy, in the tree and in pickers alike. */
export function entityIcon(type: Entity['type']): vscode.ThemeIcon {
  return new vscode.ThemeIcon(ENTITY_ICONS[type]);
}

/** The one place a node becomes a TreeItem. Labels and descriptions are plain text; tooltips untrusted Markdown. */
export function toTreeItem(node: ExplorerNode, settings: TreeItemSettings, identity?: IdentityState): vscode.TreeItem {
  switch (node.kind) {
    case 'ssoSession': {
      const item = new vscode.TreeItem(node.label, Collapsed);
      item.iconPath = new vscode.ThemeIcon('organization');
      item.contextValue = 'ssoSession';
      item.tooltip = text(markdown().appendMarkdown('**Accounts added from SSO** '), node.label);
      return withId(item, node);
    }
    case 'profile': {
      const { sso } = node;
      const item = new vscode.TreeItem(sso ? sso.accountName : node.profile, Collapsed);
      const md = markdown();
      if (sso) {
        text(md.appendMarkdown('**Account** '), `${sso.accountName} (${sso.accountId})`);
        text(md.appendMarkdown('\n\n**Role** '), sso.roleName);
      } else text(md.appendMarkdown('**Profile** '), node.profile);
      if (identity?.ok) {
        item.description = sso ? accountAndRole(sso) : (identity.alias ?? identity.identity.account);
        item.iconPath = new vscode.ThemeIcon('account');
        item.contextValue = sso ? 'profile;sso' : 'profile';
        text(md.appendMarkdown('\n\n**Account** '), identity.identity.account);
        if (identity.alias) text(md.appendMarkdown('\n\n**Alias** '), identity.alias);
        text(md.appendMarkdown('\n\n**Signed in as** '), identity.identity.arn);
      } else if (!identity) {
        item.description = 'connecting…';
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        item.contextValue = sso ? 'profile;sso' : 'profile';
      } else {
        item.description = 'not connected';
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.contextValue = sso ? 'profile;sso;error' : 'profile;error';
        text(md.appendMarkdown('\n\n'), identity.error);
      }
      item.tooltip = md;
      return withId(item, node);
    }
    case 'folder': {
      const item = new vscode.TreeItem(FOLDER_LABELS[node.folder], Collapsed);
      item.iconPath = new vscode.ThemeIcon(node.folder === 'awsPolicies' ? 'library' : 'folder');
      item.contextValue = `folder;${node.folder}`;
      return withId(item, node);
    }
    case 'entity':
      return withId(entityItem(node.entity, node.profile), node);
    case 'trustLink': {
      const item = new vscode.TreeItem(node.label, None);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon('arrow-swap');
      item.contextValue = 'trustLink';
      item.tooltip = text(markdown(), node.arn);
      return withId(item, node);
    }
    case 'subfolder': {
      const item = new vscode.TreeItem(SUBFOLDER_LABELS[node.sub], Collapsed);
      item.iconPath = new vscode.ThemeIcon(
        node.sub === 'accessKeys'
          ? 'key'
          : node.sub === 'assumableFrom' || node.sub === 'canAssume'
            ? 'arrow-swap'
            : 'folder',
      );
      item.contextValue = `subfolder;${node.sub};${node.owner.type}`;
      return withId(item, node);
    }
    case 'accessKey': {
      const now = settings.now ?? new Date();
      const { key } = node;
      const item = new vscode.TreeItem(key.accessKeyId, None);
      item.description = accessKeyDescription(key, now);
      const warning = accessKeyWarning(key, settings.accessKeyMaxAgeDays, now);
      item.iconPath =
        key.status === 'Inactive'
          ? new vscode.ThemeIcon('key', new vscode.ThemeColor('disabledForeground'))
          : warning
            ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('key');
      const md = markdown();
      text(md.appendMarkdown('**Access key** '), key.accessKeyId);
      text(md.appendMarkdown('\n\n**Status** '), key.status);
      if (key.created) text(md.appendMarkdown('\n\n**Created** '), key.created.toISOString());
      const used = key.lastUsed;
      text(
        md.appendMarkdown('\n\n**Last used** '),
        key.lastUsedUnknown !== undefined
          ? `could not be read: ${key.lastUsedUnknown}`
          : used?.date
            ? `${used.date.toISOString()}${used.service ? ` · ${used.service}` : ''}` +
              `${used.region ? ` · ${used.region}` : ''}`
            : 'never',
      );
      if (warning) text(md.appendMarkdown('\n\n$(warning) '), warning);
      const holders = settings.profilesHoldingKey?.(key.accessKeyId) ?? [];
      for (const p of holders) md.appendMarkdown('\n\nused by profile ').appendMarkdown(`\`${escapeCode(p)}\``);
      item.tooltip = md;
      item.contextValue = `accessKey;${key.status.toLowerCase()}${holders.length ? ';local' : ''}`;
      return withId(item, node);
    }
    case 'attachedPolicy': {
      const item = new vscode.TreeItem(node.policy.name, None);
      const aws = isAwsManagedPolicyArn(node.policy.arn);
      item.description = aws ? 'AWS managed' : undefined;
      item.iconPath = new vscode.ThemeIcon('law');
      item.tooltip = text(markdown().appendMarkdown('**Policy** '), node.policy.arn);
      item.contextValue = `attachedPolicy;${node.owner.type}`;
      return withId(item, node);
    }
    case 'inlinePolicy': {
      const item = new vscode.TreeItem(node.policyName, None);
      item.iconPath = new vscode.ThemeIcon('file-code');
      item.contextValue = `inlinePolicy;${node.owner.type}`;
      item.command = openCommand(node);
      return withId(item, node);
    }
    case 'trustPolicy': {
      const item = new vscode.TreeItem('Trust Policy', None);
      item.iconPath = new vscode.ThemeIcon('verified');
      item.contextValue = 'trustPolicy';
      item.command = openCommand(node);
      return withId(item, node);
    }
    case 'policyVersion': {
      const item = new vscode.TreeItem(node.version.versionId, None);
      item.description = [
        node.version.isDefault ? 'default' : undefined,
        node.version.created?.toISOString().slice(0, 10),
      ]
        .filter(Boolean)
        .join(' · ');
      item.iconPath = new vscode.ThemeIcon(node.version.isDefault ? 'pass-filled' : 'versions');
      item.contextValue = `policyVersion;${node.version.isDefault ? 'default' : 'nonDefault'}`;
      item.command = openCommand(node);
      return withId(item, node);
    }
    case 'reference': {
      const item = new vscode.TreeItem(node.name, None);
      item.iconPath = entityIcon(node.refType);
      item.description =
        node.parent?.kind === 'subfolder' && node.parent.sub === 'attachedTo' ? node.refType : undefined;
      // The folder it sits in decides what can be done to it: leave a group, detach a policy.
      item.contextValue = `reference;${node.refType}${node.parent?.kind === 'subfolder' ? `;${node.parent.sub}` : ''}`;
      return withId(item, node);
    }
    case 'error': {
      const item = new vscode.TreeItem(node.message, None);
      item.iconPath = node.warning
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      if (node.description) item.description = node.description;
      item.tooltip = text(markdown(), node.detail);
      item.contextValue = node.fix ? 'error;fix' : 'error';
      if (node.fix) item.command = { title: node.fix.title, command: node.fix.command, arguments: node.fix.args };
      return withId(item, node);
    }
    case 'empty': {
      const item = new vscode.TreeItem(node.label, None);
      item.contextValue = 'empty';
      if (node.action) {
        item.iconPath = new vscode.ThemeIcon('add');
        item.command = { title: node.action.title, command: node.action.command, arguments: node.action.args };
      }
      return withId(item, node);
    }
  }
}

function entityItem(e: Entity, profile: string): vscode.TreeItem {
  const item = new vscode.TreeItem(e.name, Collapsed);
  item.iconPath = entityIcon(e.type);
  // Only for the findings badges (src/tree/findingsDecorations.ts); the label stays the name.
  item.resourceUri = entityUri(profile, e.arn);
  const parts: string[] = [];
  if (e.path !== '/') parts.push(e.path);
  if (e.type === 'policy' && e.attachmentCount !== undefined) parts.push(`${e.attachmentCount} attached`);
  item.description = parts.join(' · ') || undefined;
  // The tooltip is left undefined here: resolveTreeItem fills it in on hover, after fetching
  // what IAM's List calls leave out (tags, role last used).
  const tokens: string[] = [e.type];
  if (e.type === 'policy') tokens.push(e.awsManaged ? 'awsManaged' : 'customerManaged');
  item.contextValue = tokens.join(';');
  return item;
}

/** The Markdown tooltip of a user, group, role or policy, built from untrusted text. */
export function entityTooltip(e: Entity): vscode.MarkdownString {
  const md = markdown();
  text(
    md.appendMarkdown(
      `**${e.type === 'policy' ? (e.awsManaged ? 'AWS managed policy' : 'Policy') : capital(e.type)}** `,
    ),
    e.name,
  );
  text(md.appendMarkdown('\n\n**ARN** '), e.arn);
  if (e.id) text(md.appendMarkdown('\n\n**ID** '), e.id);
  if (e.created) text(md.appendMarkdown('\n\n**Created** '), e.created.toISOString());
  if (e.description) text(md.appendMarkdown('\n\n**Description** '), e.description);
  if (e.passwordLastUsed) text(md.appendMarkdown('\n\n**Password last used** '), e.passwordLastUsed.toISOString());
  if (e.roleLastUsed?.date) {
    text(
      md.appendMarkdown('\n\n**Last used** '),
      `${e.roleLastUsed.date.toISOString()}${e.roleLastUsed.region ? ` · ${e.roleLastUsed.region}` : ''}`,
    );
  }
  if (e.defaultVersionId) text(md.appendMarkdown('\n\n**Default version** '), e.defaultVersionId);
  for (const t of e.tags ?? []) text(md.appendMarkdown('\n\n**Tag** '), `${t.key} = ${t.value}`);
  return md;
}

/** Tooltips carry text from AWS: untrusted, no HTML, no command links, text appended escaped. */
function markdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** Appends untrusted text so that it renders as exactly that text (see core/iam/untrusted). */
function text(md: vscode.MarkdownString, value: string): vscode.MarkdownString {
  return md.appendMarkdown(markdownText(value, md.supportThemeIcons ?? false));
}

function escapeCode(s: string): string {
  return s.replace(/`/g, "'");
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function openCommand(node: ExplorerNode): vscode.Command {
  return { title: 'Open', command: 'vscode.open', arguments: [documentUri(node)] };
}

function withId(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
  item.id = node.id;
  return item;
}
