import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { ExtensionTestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/nodes';
import { readSeedFile, type Emulator } from '../emulator';
import { activateExtension, children, connect, disconnect } from './support';

/** Every node of the tree below `node`, expanding everything (documents are leaves). */
async function walk(api: ExtensionTestApi, node?: ExplorerNode): Promise<ExplorerNode[]> {
  const kids = await children(api, node);
  const below = await Promise.all(kids.map((k) => (k.kind === 'error' || k.kind === 'empty' ? [] : walk(api, k))));
  return [...kids, ...below.flat()];
}

describe('reliability: the tree under IAM faults', function () {
  this.timeout(300_000);
  let api: ExtensionTestApi;
  let emulator: Emulator | undefined;

  before(async () => {
    api = await activateExtension();
  });

  afterEach(async () => {
    await disconnect(emulator);
    emulator = undefined;
  });

  it('loads the whole sample account with 30% of calls throttled and 5% failing, with no error items', async () => {
    // The tier-2 bundle runs from out/vscode-tests; the seed is read from the repository.
    const seed = readSeedFile(join(__dirname, '..', '..', 'test', 'fixtures', 'sample-account.json'));
    emulator = await connect(api, seed);
    emulator.setFaults([
      { kind: 'Throttling', probability: 0.3 },
      { kind: 'ServiceFailure', probability: 0.05 },
    ]);
    const nodes = await walk(api);
    const errors = nodes.filter((n) => n.kind === 'error');
    const replay = `fault seed ${emulator.faultSeed} (replay with IAM_EXPLORER_FAULT_SEED=${emulator.faultSeed})`;
    assert.deepEqual(
      errors.map((e) => (e.kind === 'error' ? e.detail : '')),
      [],
      replay,
    );
    const entities = nodes.filter((n) => n.kind === 'entity').length;
    assert.equal(
      entities,
      (seed.users?.length ?? 0) + (seed.groups?.length ?? 0) + (seed.roles?.length ?? 0) + (seed.policies?.length ?? 0),
    );
    const injected = emulator.log.filter(
      (e) => e.errorCode === 'Throttling' || e.errorCode === 'ServiceFailure',
    ).length;
    assert.ok(injected > 20, `only ${injected} faults were injected; ${replay}`);
    console.log(
      `    (${emulator.log.length} requests, ${injected} of them failed by injection, ${nodes.length} tree items)`,
    );
  });
});
