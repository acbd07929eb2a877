import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/extension';
import type { EntityNode, ExplorerNode, SubFolderKind } from '../../src/tree/nodes';
import type { Emulator, Seed } from '../emulator';
import { HOSTILE } from '../fixtures/hostile';
import { renderIconLabel, renderMarkdown, renderNotification, renderPrompt } from '../support/vscodeRender';
import { activateExtension, children, connect, disconnect, eventually, ScriptedUi } from './support';

// Every hostile string of test/fixtures/hostile.ts is stored straight into the emulator's
// state (IAM, and the emulator's API, would refuse most of them), as the name, path,
// description, tag key and value, inline policy name and policy text of users, groups, roles
// and managed policies, as an odd or compromised endpoint could return them. Each test
// follows them to one place they reach the user and checks, with a model of how the
// workbench renders that place (test/support/vscodeRender.ts), that they read as the text
// they are: no element, link, image, icon or command comes out of them.

const ACCOUNT = '123456789012';
const readReports = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
};
const lambdaTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
/** An inline policy whose condition value is the hostile text: the editor's summary shows it. */
const taggedDocument = (text: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::reports/*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': text } },
    },
  ],
});

const seed: Seed = {
  users: [{ name: 'alice' }],
  policies: [{ name: 'reports-read', description: 'Read the reports bucket', versions: [readReports] }],
};

/** For assertion messages: never a 5,000-character string. */
const show = (s: string) => JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}…` : s);
/** Markdown paragraphs: a line break in the data is a new paragraph. */
const lines = (s: string) => s.replace(/\r\n?/g, '\n');
/** What linkSafe adds (and a hostile string may hold) is invisible: compare without it. */
const visible = (s: string) => s.replace(/\u200B/g, '');
/** A notification shows line breaks as spaces. */
const oneLine = (s: string) => s.replace(/(\r\n|\n|\r)/g, ' ');

/** (string × place) checks made, by place, for docs/reliability.md. */
const tally = new Map<string, Set<string>>();
const checked = (place: string, id: string) => {
  const ids = tally.get(place) ?? new Set<string>();
  ids.add(id);
  tally.set(place, ids);
};

/**
 * A tree item's label must be the plain string: the workbench renders a string label and a
 * description as text (icons and Markdown only for a MarkdownString label), so no escaping is
 * wanted there, and the label must read exactly as the data.
 */
function plainLabel(place: string, id: string, item: vscode.TreeItem, text: string): void {
  assert.equal(typeof item.label, 'string', `${place} ${id}: label is a plain string`);
  assert.equal(item.label, text, `${place} ${id}: label`);
  checked(place, id);
}

/** An untrusted MarkdownString that renders to text showing each of `texts`, with nothing else made of them. */
function inertTooltip(place: string, id: string, tooltip: vscode.TreeItem['tooltip'], texts: string[]): void {
  assert.ok(tooltip instanceof vscode.MarkdownString, `${place} ${id}: the tooltip is a MarkdownString`);
  assert.ok(tooltip.isTrusted === false || tooltip.isTrusted === undefined, `${place} ${id}: untrusted`);
  assert.ok(!tooltip.supportHtml, `${place} ${id}: no HTML`);
  const r = renderMarkdown(tooltip);
  assert.deepEqual(r.links, [], `${place} ${id}: links in ${show(tooltip.value)}`);
  assert.deepEqual(r.elements, [], `${place} ${id}: elements in ${show(tooltip.value)}`);
  assert.deepEqual(r.icons, [], `${place} ${id}: icons in ${show(tooltip.value)}`);
  for (const t of texts)
    assert.ok(r.text.includes(lines(t)), `${place} ${id}: shows ${show(t)} as text; it shows ${show(r.text)}`);
  checked(place, id);
}

/** A quick pick label, description or detail: renders as `text`, no icon. */
function inertPickText(place: string, id: string, shown: string | undefined, text: string): void {
  const r = renderIconLabel(shown ?? '');
  assert.deepEqual(r.icons, [], `${place} ${id}: icons in ${show(shown ?? '')}`);
  assert.equal(visible(r.text), visible(text), `${place} ${id}: reads as the data`);
}

/** A notification (non-modal message): no link, and the data reads as it is. */
function inertNotification(place: string, id: string, message: string, text: string): void {
  const r = renderNotification(message);
  assert.deepEqual(r.links, [], `${place} ${id}: links in ${show(message)}`);
  assert.ok(
    visible(r.text).includes(visible(oneLine(text).trim())),
    `${place} ${id}: shows ${show(text)}; it shows ${show(r.text)}`,
  );
  checked(place, id);
}

/** An input box prompt or validation message: no link, no icon, and the data reads as it is. */
function inertPrompt(place: string, id: string, message: string, text: string): void {
  const r = renderPrompt(message);
  assert.deepEqual([r.links, r.icons], [[], []], `${place} ${id}: links or icons in ${show(message)}`);
  assert.ok(visible(r.text).includes(visible(text)), `${place} ${id}: shows ${show(text)}; it shows ${show(r.text)}`);
  checked(place, id);
}

interface Message {
  kind: string;
  text: string;
  modal: boolean;
}

/** A ScriptedUi that also records whether a message was modal (a dialog shows plain text). */
class RecordingUi extends ScriptedUi {
  readonly shown: Message[] = [];

  override async showWarningMessage<T extends string>(
    message: string,
    options: vscode.MessageOptions,
    ...items: T[]
  ): Promise<T | undefined> {
    this.shown.push({ kind: 'warning', text: message, modal: options.modal === true });
    return super.showWarningMessage(message, options, ...items);
  }

  override async showInformationMessage<T extends string>(message: string, ...items: T[]): Promise<T | undefined> {
    this.shown.push({ kind: 'info', text: message, modal: false });
    return super.showInformationMessage(message, ...items);
  }

  override async showErrorMessage<T extends string>(message: string, ...items: T[]): Promise<T | undefined> {
    this.shown.push({ kind: 'error', text: message, modal: false });
    return super.showErrorMessage(message, ...items);
  }
}

type Item = vscode.QuickPickItem & { node?: EntityNode };

describe('hostile data from AWS: names, paths, descriptions, tags and policy text render as text', function () {
  this.timeout(300_000);
  let api: ExtensionTestApi;
  let emulator: Emulator;
  let ui: RecordingUi;
  let previousUi: ExtensionTestApi['services']['ui'];

  const script = (...answers: Parameters<ScriptedUi['answer']>) => {
    ui = new RecordingUi().answer(...answers);
    api.services.ui = ui;
    return ui;
  };

  const folder = async (name: 'users' | 'groups' | 'roles' | 'policies') => {
    const root = (await children(api)).find((n) => n.kind === 'profile');
    const f = root && (await children(api, root)).find((n) => n.kind === 'folder' && n.folder === name);
    if (!f) throw new Error(`no ${name} folder`);
    return f;
  };
  /** The tree's node for entity `text` of a folder. */
  const entity = async (name: 'users' | 'groups' | 'roles' | 'policies', text: string): Promise<EntityNode> => {
    const hit = (await children(api, await folder(name))).find(
      (n): n is EntityNode => n.kind === 'entity' && n.entity.name === text,
    );
    if (!hit) throw new Error(`no ${name} entity named ${show(text)}`);
    return hit;
  };
  const sub = async (node: ExplorerNode, kind: SubFolderKind) => {
    const hit = (await children(api, node)).find((n) => n.kind === 'subfolder' && n.sub === kind);
    if (!hit) throw new Error(`no ${kind} under ${node.id}`);
    return hit;
  };
  const item = (node: ExplorerNode) => Promise.resolve(api.services.tree.getTreeItem(node));

  before(async () => {
    api = await activateExtension();
    previousUi = api.services.ui;
    emulator = await connect(api, seed);
    const { state } = emulator;
    state.lenientNames = true;
    const trust = JSON.stringify(lambdaTrust);
    for (const { text } of HOSTILE) {
      const tags = [{ Key: text, Value: text }];
      const user = state.addUser({ name: text, path: `/${text}/`, tags });
      user.inline.set(text.toLowerCase(), { name: text, document: JSON.stringify(taggedDocument(text)) });
      const group = state.addGroup({ name: text });
      const role = state.addRole({ name: text, description: text, tags, trustPolicy: trust });
      role.inline.set(text.toLowerCase(), { name: text, document: JSON.stringify(readReports) });
      const policy = state.addPolicy({ name: text, description: text, tags, documents: [JSON.stringify(readReports)] });
      state.attach(user, policy);
      state.addToGroup(user, group);
    }
    api.services.tree.refresh();
  });

  afterEach(async () => {
    api.services.ui = previousUi;
    for (const editor of api.services.policyEditors.all()) editor.panel.dispose();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await disconnect(emulator);
    const places = [...tally.entries()].map(([place, ids]) => `${place} ${ids.size}`);
    const total = [...tally.values()].reduce((n, ids) => n + ids.size, 0);
    console.log(
      `hostile data: ${HOSTILE.length} strings, ${tally.size} places, ${total} (string × place) checks: ${places.join(', ')}`,
    );
  });

  it('tree: users, groups, roles and policies labelled with the plain name, the path as description', async () => {
    for (const [folderName, place] of [
      ['users', 'tree label: user'],
      ['groups', 'tree label: group'],
      ['roles', 'tree label: role'],
      ['policies', 'tree label: managed policy'],
    ] as const) {
      const items = new Map<string, vscode.TreeItem>();
      for (const n of await children(api, await folder(folderName)))
        if (n.kind === 'entity') items.set(n.entity.name, await item(n));
      for (const { id, text } of HOSTILE) {
        const it = items.get(text);
        assert.ok(it, `${place} ${id}: listed`);
        plainLabel(place, id, it, text);
        if (folderName === 'users') {
          assert.equal(it.description, `/${text}/`, `tree description: user path ${id}`);
          checked('tree description: user path', id);
        }
      }
    }
  });

  it('tree: group memberships, attached and inline policies and "Attached To" labelled with the plain name', async () => {
    for (const { id, text } of HOSTILE) {
      const user = await entity('users', text);
      const [membership] = await children(api, await sub(user, 'userGroups'));
      assert.equal(membership?.kind, 'reference', `${id}: the user's group`);
      plainLabel('tree label: group membership', id, await item(membership), text);

      const [attached] = await children(api, await sub(user, 'attached'));
      assert.equal(attached?.kind, 'attachedPolicy', `${id}: the attached policy`);
      const attachedItem = await item(attached);
      plainLabel('tree label: attached policy', id, attachedItem, text);
      inertTooltip('tooltip: attached policy', id, attachedItem.tooltip, [`arn:aws:iam::${ACCOUNT}:policy/${text}`]);

      const [inline] = await children(api, await sub(user, 'inline'));
      assert.equal(inline?.kind, 'inlinePolicy', `${id}: the inline policy`);
      plainLabel('tree label: inline policy', id, await item(inline), text);

      const policy = await entity('policies', text);
      const [attachedTo] = await children(api, await sub(policy, 'attachedTo'));
      assert.equal(attachedTo?.kind, 'reference', `${id}: the policy's user`);
      plainLabel('tree label: attached to', id, await item(attachedTo), text);
    }
  });

  it('tooltips: untrusted Markdown showing names, ARNs, descriptions and tags as text', async () => {
    for (const { id, text } of HOSTILE) {
      const tag = `${text} = ${text}`;
      for (const [folderName, place, texts] of [
        ['users', 'tooltip: user', [text, `arn:aws:iam::${ACCOUNT}:user/${text}/${text}`, tag]],
        ['groups', 'tooltip: group', [text, `arn:aws:iam::${ACCOUNT}:group/${text}`]],
        ['roles', 'tooltip: role', [text, `arn:aws:iam::${ACCOUNT}:role/${text}`, tag]],
        ['policies', 'tooltip: managed policy', [text, `arn:aws:iam::${ACCOUNT}:policy/${text}`]],
      ] as const) {
        const node = await entity(folderName, text);
        const resolved = await api.services.tree.resolveTreeItem(await item(node), node);
        inertTooltip(place, id, resolved.tooltip, [...texts]);
      }
      // Descriptions come from GetRole and GetPolicy: the tooltip shows them on their own line.
      for (const [folderName, place] of [
        ['roles', 'tooltip: role description'],
        ['policies', 'tooltip: policy description'],
      ] as const) {
        const node = await entity(folderName, text);
        const tooltip = (await api.services.tree.resolveTreeItem(await item(node), node))
          .tooltip as vscode.MarkdownString;
        assert.ok(renderMarkdown(tooltip).text.includes(`Description ${lines(text)}`), `${place} ${id}`);
        checked(place, id);
      }
    }
  });

  it('profile root: an account alias as the description and in the tooltip', async () => {
    const root = (await children(api)).find((n) => n.kind === 'profile');
    assert.ok(root);
    try {
      for (const { id, text } of HOSTILE) {
        emulator.state.accountAliases = [text];
        api.services.tree.refresh(root);
        api.services.tree.getTreeItem(root); // starts STS and ListAccountAliases again
        await api.services.tree.identity('demo');
        const rootItem = await eventually(() => {
          const it = api.services.tree.getTreeItem(root) as vscode.TreeItem;
          return it.description === text ? it : undefined;
        });
        checked('tree description: account alias', id);
        inertTooltip('tooltip: account alias', id, rootItem.tooltip, [`Alias ${text}`]);
      }
    } finally {
      emulator.state.accountAliases = [];
      api.services.tree.refresh(root);
    }
  });

  it('an error item: the AWS error message naming the entity is the plain label, its tooltip inert', async () => {
    for (const { id, text } of HOSTILE) {
      const user = await entity('users', text);
      const key = text.toLowerCase();
      const record = emulator.state.users.get(key);
      assert.ok(record);
      emulator.state.users.delete(key);
      try {
        const groups = await sub(user, 'userGroups');
        api.services.tree.refresh(groups);
        const [error] = await children(api, groups);
        assert.equal(error?.kind, 'error', `${id}: an error item`);
        const errorItem = await item(error);
        assert.equal(typeof errorItem.label, 'string', `${id}: plain label`);
        checked('tree label: error item', id);
        inertTooltip('tooltip: error item', id, errorItem.tooltip, [`The user with name ${text} cannot be found.`]);
      } finally {
        emulator.state.users.set(key, record);
        api.services.tree.refresh(await sub(user, 'userGroups'));
      }
    }
  });

  it('quick pick: IAM: Go to Entity… shows names, paths and ARNs without icons', async () => {
    let offered: Item[] = [];
    script((kind, _options, items) => {
      assert.equal(kind, 'quickPick');
      offered = items as Item[];
      return undefined;
    });
    await vscode.commands.executeCommand('iamExplorer.goToEntity');
    assert.deepEqual(ui.shown, []);
    for (const { id, text } of HOSTILE) {
      for (const type of ['user', 'group', 'role', 'policy'] as const) {
        const hit = offered.find((i) => i.node?.entity.type === type && i.node.entity.name === text);
        assert.ok(hit, `${type} ${id} is offered`);
        // The entity's icon is an iconPath, not a $(…) in the label.
        assert.ok(hit.iconPath instanceof vscode.ThemeIcon, `${type} ${id}: icon`);
        inertPickText('quick pick: go to entity', id, hit.label, text);
        inertPickText('quick pick: go to entity', id, hit.description, type === 'user' ? `user · /${text}/` : type);
        const path = type === 'user' ? `/${text}/` : '/';
        inertPickText('quick pick: go to entity', id, hit.detail, `arn:aws:iam::${ACCOUNT}:${type}${path}${text}`);
      }
      checked('quick pick: go to entity', id);
    }
  });

  it('quick pick: Attach Policy… shows policy names and descriptions without icons', async () => {
    const alice = await entity('users', 'alice');
    let offered: Item[] = [];
    script((kind, _options, items) => {
      assert.equal(kind, 'quickPick');
      offered = items as Item[];
      return undefined;
    });
    await vscode.commands.executeCommand('iamExplorer.attachPolicy', alice);
    assert.deepEqual(ui.shown, []);
    for (const { id, text } of HOSTILE) {
      const hit = offered.find((i) => (i as { arn?: string }).arn === `arn:aws:iam::${ACCOUNT}:policy/${text}`);
      assert.ok(hit, `policy ${id} is offered`);
      inertPickText('quick pick: attach policy', id, hit.label, text);
      inertPickText('quick pick: attach policy', id, hit.detail, text);
      checked('quick pick: attach policy', id);
    }
  });

  it('quick pick: Add to Groups… shows group names without icons, and the group picked is the one IAM is asked for', async () => {
    const alice = await entity('users', 'alice');
    const aliceRecord = emulator.state.users.get('alice');
    assert.ok(aliceRecord);
    for (const { id, text } of HOSTILE) {
      script((kind, _options, items) => {
        assert.equal(kind, 'quickPick');
        const hit = (items as Item[]).find((i) => visible(renderIconLabel(i.label).text) === visible(text));
        assert.ok(hit, `group ${id} is offered`);
        inertPickText('quick pick: add to groups', id, hit.label, text);
        return [hit];
      });
      await vscode.commands.executeCommand('iamExplorer.addUserToGroup', alice);
      assert.deepEqual(
        ui.shown.filter((m) => m.kind === 'error'),
        [],
        `${id}: no error`,
      );
      const group = emulator.state.groups.get(text.toLowerCase());
      assert.ok(
        group && aliceRecord.groups.has(group),
        `${id}: alice was added to the group named as stored, not as displayed`,
      );
      emulator.state.removeFromGroup(aliceRecord, group);
      checked('quick pick: add to groups', id);
    }
  });

  it('Delete User…: the modal names everything as plain text; the typed confirmation prompt is inert; nothing is deleted', async () => {
    for (const { id, text } of HOSTILE) {
      const user = await entity('users', text);
      let prompt = '';
      let refusal = '';
      script(
        (kind) => {
          assert.equal(kind, 'warning');
          return 'Delete';
        },
        (kind, options) => {
          assert.equal(kind, 'inputBox');
          const o = options as vscode.InputBoxOptions;
          prompt = o.prompt ?? '';
          refusal = String(o.validateInput?.('not the name') ?? '');
          assert.equal(o.validateInput?.(text), undefined, `${id}: typing the name exactly is accepted`);
          return undefined;
        },
      );
      await vscode.commands.executeCommand('iamExplorer.deleteUser', user);
      const [modal, ...rest] = ui.shown;
      assert.deepEqual(rest, [], `${id}: nothing after the modal`);
      assert.ok(modal?.modal, `${id}: the confirmation is a modal dialog (plain text)`);
      // A dialog shows its message as text: the names appear exactly as they are.
      assert.ok(modal.text.includes(`user ${text}`), `${id}: the modal names the user`);
      assert.ok(modal.text.includes(text), `${id}: the modal lists the group, policies`);
      checked('modal: delete confirmation', id);
      inertPrompt('input box: type the name to confirm (prompt)', id, prompt, text);
      inertPrompt('input box: type the name to confirm (validation)', id, refusal, text);
      assert.ok(emulator.state.users.has(text.toLowerCase()), `${id}: the user is still there`);
    }
  });

  it('Detach Policy…: the picker shows names and ARNs without icons; the modal is plain text', async () => {
    for (const { id, text } of HOSTILE) {
      const user = await entity('users', text);
      script(
        (kind, _options, items) => {
          assert.equal(kind, 'quickPick');
          const [only] = items as Item[];
          assert.ok(only, `${id}: the attached policy is offered`);
          inertPickText('quick pick: detach policy', id, only.label, text);
          inertPickText('quick pick: detach policy', id, only.detail, `arn:aws:iam::${ACCOUNT}:policy/${text}`);
          return [only];
        },
        () => undefined,
      );
      await vscode.commands.executeCommand('iamExplorer.detachPolicy', user);
      checked('quick pick: detach policy', id);
      const [modal] = ui.shown;
      assert.ok(modal?.modal, `${id}: a modal`);
      assert.ok(modal.text.includes(`${text} from user ${text}`), `${id}: the modal names the policy and the user`);
      checked('modal: detach confirmation', id);
      assert.equal(emulator.state.users.get(text.toLowerCase())?.attached.size, 1, `${id}: nothing detached`);
    }
  });

  it('notifications: an information message and an AWS error message naming the entity carry no live link', async () => {
    for (const { id, text } of HOSTILE) {
      const group = await entity('groups', text);
      script();
      await vscode.commands.executeCommand('iamExplorer.detachPolicy', group);
      const [info] = ui.shown;
      assert.equal(info?.kind, 'info', `${id}: an information message`);
      inertNotification('notification: information', id, info.text, `Group ${text} has no managed policies attached.`);

      // IAM answers NoSuchEntity with the name in its message; the command shows it.
      const key = text.toLowerCase();
      const record = emulator.state.groups.get(key);
      assert.ok(record);
      emulator.state.groups.delete(key);
      try {
        script();
        await vscode.commands.executeCommand('iamExplorer.detachPolicy', group);
        const [error] = ui.shown;
        assert.equal(error?.kind, 'error', `${id}: an error message`);
        inertNotification('notification: AWS error', id, error.text, `The group with name ${text} cannot be found.`);
      } finally {
        emulator.state.groups.set(key, record);
      }
    }
  });

  it('policy editor: an inline policy of a user named with markup shows the names as text, no element made from them', async () => {
    for (const { id, text } of HOSTILE) {
      const editor = await api.services.policyEditors.open({
        kind: 'inline',
        profile: 'demo',
        owner: { type: 'user', name: text },
        policyName: text,
      });
      const deadline = Date.now() + 15_000;
      let page = await editor.test({ do: 'query' });
      while (!page.summaryText.includes('S3') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        page = await editor.test({ do: 'query' });
      }
      assert.equal(page.title, text, `${id}: the page title is the name as text`);
      assert.ok(page.subtitle.includes(`Inline policy of user ${text}`), `${id}: the subtitle names the user as text`);
      assert.deepEqual(JSON.parse(page.text), taggedDocument(text), `${id}: the document as IAM holds it`);
      assert.ok(page.summaryText.includes(text), `${id}: the summary shows the condition value as text`);
      assert.equal(page.markupElements, 0, `${id}: no element was made from the data`);
      // The tab shows the document's file name (its iam: path; a slash cannot be in a file name).
      const tab = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find(
          (t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === editor.document.uri.toString(),
        );
      assert.equal(tab?.label, `${text.replace(/[/\\]/g, '_')}.json`, `${id}: the tab title`);
      checked('policy editor: title, subtitle, summary', id);
      editor.panel.dispose();
    }
  });
});
