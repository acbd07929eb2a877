// npm run emulator -- --port 4599 [--seed FILE] [--latency MS] [--raw-documents]
import { parseArgs } from 'node:util';
import { readSeedFile, start } from './index.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4599' },
      seed: { type: 'string' },
      latency: { type: 'string' },
      'raw-documents': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  const latency = values.latency === undefined ? undefined : Number(values.latency);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${values.port}`);
  if (latency !== undefined && !(latency >= 0))
    throw new Error(`--latency: not a number of milliseconds: ${values.latency}`);
  const emulator = await start({
    port,
    seed: values.seed ? readSeedFile(values.seed) : undefined,
    latency: latency ? { fixedMs: latency } : undefined,
    policyDocumentEncoding: values['raw-documents'] ? 'raw' : 'url',
  });
  process.stdout.write(
    `IAM emulator listening on ${emulator.endpoint}\n` +
      `AWS_ACCESS_KEY_ID=${emulator.adminKey.accessKeyId}\n` +
      `AWS_SECRET_ACCESS_KEY=${emulator.adminKey.secretAccessKey}\n` +
      `AWS_REGION=${emulator.region}\n` +
      `account ${emulator.accountId}, ${emulator.state.users.size} users, ${emulator.state.roles.size} roles; Ctrl+C to stop\n`,
  );
  const shutdown = () => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`iam emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
