// A window reload inside a tier-2 session, for what only a reload proves (hot exit).
//
// A test in test/vscode/reload/ asks for one with requestReload(note). Once every suite of
// the session has run and passed, index.ts runs VS Code's own Developer: Reload Window. The
// workbench comes back in the same browser page, with its backups and the same test
// payload, so the tests start again in a new extension host: index.ts then runs only
// test/vscode/reload/, in phase 'after', where the test reads its note back
// (reloadNote), and adds the first run's counts to the second's.
//
// The state is a file in the session's scratch folder (IAM_EXPLORER_TEST_SCRATCH, set by
// scripts/vscode-host/run-tests.mjs): the only thing both extension hosts share. A note
// must hold no secret (the runner's secret scan reads every file there).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface ReloadState {
  /** requested: a test asked; reloading: index.ts ran the reload; done: phase 'after' ran. */
  phase: 'requested' | 'reloading' | 'done';
  note: Record<string, string>;
  /** The counts of the run before the reload. */
  before?: Counts;
}

function stateFile(): string {
  const scratch = process.env.IAM_EXPLORER_TEST_SCRATCH;
  if (!scratch)
    throw new Error(
      'a window reload needs IAM_EXPLORER_TEST_SCRATCH: run the tests with scripts/vscode-host/run-tests.mjs',
    );
  return join(scratch, 'reload.json');
}

function read(): ReloadState | undefined {
  const scratch = process.env.IAM_EXPLORER_TEST_SCRATCH;
  if (!scratch || !existsSync(join(scratch, 'reload.json'))) return undefined;
  return JSON.parse(readFileSync(join(scratch, 'reload.json'), 'utf8')) as ReloadState;
}

function write(state: ReloadState): void {
  writeFileSync(stateFile(), JSON.stringify(state, null, 2));
}

/** 'after' in the extension host that the reload started, else 'before'. */
export function reloadPhase(): 'before' | 'after' {
  const phase = read()?.phase;
  return phase === 'reloading' || phase === 'done' ? 'after' : 'before';
}

/** Asks for a window reload once the session's suites have run; `note` is handed to phase 'after'. */
export function requestReload(note: Record<string, string>): void {
  if (read()) throw new Error('a window reload was already requested in this session (one per session)');
  write({ phase: 'requested', note });
}

/** The note that the test before the reload left. */
export function reloadNote(): Record<string, string> {
  const state = read();
  if (!state) throw new Error('no window reload was requested in this session');
  return state.note;
}

/** For index.ts: whether a test asked for a reload that has not happened yet. */
export function reloadRequested(): boolean {
  return read()?.phase === 'requested';
}

/** For index.ts, right before it reloads the window: the counts of this run, kept for phase 'after'. */
export function markReloading(before: Counts | undefined): void {
  const state = read();
  if (!state) throw new Error('no window reload was requested');
  write({ ...state, phase: 'reloading', ...(before ? { before } : {}) });
}

/** For index.ts, after phase 'after': the counts of the run before the reload. */
export function finishReload(): Counts | undefined {
  const state = read();
  if (!state) return undefined;
  write({ ...state, phase: 'done' });
  return state.before;
}

/**
 * A check the launcher (scripts/vscode-host/launcher.mjs) makes in the workbench's page once
 * the tests have passed, with the test runner gone: VS Code answers its own dialogs itself
 * while extension tests run (FileDialogService.showSaveConfirm: "refused to show save
 * confirmation dialog in tests", Don't Save), so a prompt can be seen and answered only in
 * a window without them. The launcher reloads the page without the test payload (the
 * extension stays loaded, the window restores its editors) and drives the DOM.
 */
export interface PageCheck {
  /** closePrompt: close the dirty tab `tab`; Cancel keeps it, Don't Save discards it; IAM keeps `held`. */
  check: 'closePrompt';
  tab: string;
  /** The emulator (a process group of its own) that the launcher asks, then stops. */
  endpoint: string;
  pid: string;
  userName: string;
  policyName: string;
  /** The policy document IAM holds (JSON), which the check expects unchanged. */
  held: string;
}

export function requestPageCheck(check: PageCheck): void {
  const scratch = process.env.IAM_EXPLORER_TEST_SCRATCH;
  if (!scratch) throw new Error('a page check needs IAM_EXPLORER_TEST_SCRATCH: run the tests with run-tests.mjs');
  writeFileSync(join(scratch, 'page-check.json'), JSON.stringify(check, null, 2));
}

export function pageCheckRequested(): boolean {
  const scratch = process.env.IAM_EXPLORER_TEST_SCRATCH;
  return Boolean(scratch && existsSync(join(scratch, 'page-check.json')));
}
