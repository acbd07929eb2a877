// Checks made in the workbench's page after the extension tests passed (launcher.mjs), for
// what VS Code does not show while extension tests run: it answers its own save prompt
// then ("refused to show save confirmation dialog in tests": Don't Save). A test asks for a
// check by writing page-check.json into the session's scratch folder
// (test/vscode/reload.ts, requestPageCheck); the launcher reloads the page without the test
// payload (the extension under development stays loaded, the window restores its editors
// and their unsaved changes) and runs the check here, through the DOM, as a person would.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The check a test asked for in `scratch`, if any. */
export function requestedPageCheck(scratch) {
  const file = join(scratch, 'page-check.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** Stops the emulator process group the check was given (by its id). */
export function stopEmulator(check) {
  try {
    process.kill(-Number(check.pid), 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/**
 * closePrompt: the dirty tab `check.tab` is closed twice. VS Code's own modal asks whether
 * to save; Cancel keeps the tab and its unsaved changes, Don't Save closes it; IAM still
 * holds `check.held`. Returns the lines to print; throws with what went wrong.
 */
export async function closePrompt(page, check, root) {
  const lines = [];
  const tab = page.locator('.tabs-container .tab', { hasText: check.tab });
  const dialog = page.locator('.monaco-dialog-box');
  // The window restored the tab, with its unsaved changes (hot exit), without the tests.
  await tab.and(page.locator('.dirty')).waitFor({ timeout: 60_000 });
  const close = async () => {
    await tab.click();
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
    await dialog.waitFor({ timeout: 15_000 });
    return (await dialog.innerText()).replace(/\s+/g, ' ').trim();
  };
  const button = (name) => dialog.getByRole('button', { name, exact: true });

  const asked = await close();
  if (!new RegExp(`Do you want to save the changes you made to ${escape(check.tab)}\\?`).test(asked))
    throw new Error(`closing the dirty tab showed "${asked}", not VS Code's save prompt`);
  for (const name of ['Save', "Don't Save", 'Cancel'])
    if ((await button(name).count()) !== 1) throw new Error(`the prompt has no "${name}" button: "${asked}"`);
  lines.push(`closing the dirty tab "${check.tab}" asks: "${asked}"`);

  await button('Cancel').click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  if ((await tab.count()) !== 1 || !(await tab.getAttribute('class')).split(/\s+/).includes('dirty'))
    throw new Error('after Cancel, the tab is not there with its unsaved changes');
  lines.push('Cancel: the tab stays open, still unsaved');

  await close();
  await button("Don't Save").click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  await tab.waitFor({ state: 'detached', timeout: 15_000 });
  lines.push("Don't Save: the tab is closed");

  // IAM holds what it held: the unsaved edit was never written.
  const require = createRequire(join(root, 'package.json'));
  const { IAMClient, GetUserPolicyCommand } = require('@aws-sdk/client-iam');
  const iam = new IAMClient({ endpoint: check.endpoint, region: 'us-east-1', profile: 'demo', maxAttempts: 1 });
  const r = await iam.send(new GetUserPolicyCommand({ UserName: check.userName, PolicyName: check.policyName }));
  const now = JSON.stringify(JSON.parse(decodeURIComponent(r.PolicyDocument ?? '')));
  if (now !== JSON.stringify(JSON.parse(check.held)))
    throw new Error(`IAM's ${check.policyName} changed: ${now} (expected ${check.held})`);
  lines.push(`IAM still holds ${check.policyName} as it was: nothing written`);
  return lines;
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
