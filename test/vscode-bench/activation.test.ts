// Run by `npm run bench` (scripts/bench/vscode.ts), not by `npm test`: measures activation
// and the first profile root in the real VS Code and writes the figures to
// $IAM_EXPLORER_BENCH_OUT. It asserts only that it measured.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { generateAccount } from '../emulator';
import { activateExtension, connect, disconnect } from '../vscode/support';

const LATENCY_MS = 20;

describe('benchmark: activation in the real VS Code', function () {
  this.timeout(120_000);

  it('measures activate() and the time to the first profile root with its account', async () => {
    const api = await activateExtension();
    const emulator = await connect(api, generateAccount({ users: 10, roles: 10, policies: 10, groups: 2 }));
    emulator.setLatency({ fixedMs: LATENCY_MS });
    const firstRoot: number[] = [];
    try {
      for (let i = 0; i < 7; i++) {
        // What a fresh start does: new clients, credentials from the files, STS + IAM in parallel.
        api.services.connections.invalidate();
        api.services.tree.refresh();
        const t0 = performance.now();
        const roots = await api.services.tree.getChildren();
        api.services.tree.getTreeItem(roots[0]!);
        await api.services.tree.identity('demo');
        firstRoot.push(performance.now() - t0);
      }
    } finally {
      await disconnect(emulator);
    }
    const out = process.env.IAM_EXPLORER_BENCH_OUT;
    assert.ok(out, 'IAM_EXPLORER_BENCH_OUT is not set');
    writeFileSync(out, JSON.stringify({ activationMs: api.activationMs, firstRootMs: firstRoot, latencyMs: LATENCY_MS }));
    assert.ok(firstRoot.length === 7);
  });
});
