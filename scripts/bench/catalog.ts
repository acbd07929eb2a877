import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { shippedCatalog } from '../../src/aws/iamDataFile';
import { complete } from '../../src/core/policy';
import type { ActionCatalog } from '../../src/core/policy/catalog';
import { expandActions } from '../../src/core/eval/actions';
import { createIamDataCatalog } from '../../src/core/policy/iamDataCatalog';
import { timeMedian, type Figure } from './stats';

const SHIPPED = 'dist/iam-data.jsonl';
const RUNS = 9;

/**
 * The action catalog cold, as the extension meets it (a fresh catalog over dist/iam-data.jsonl,
 * the file in the OS cache): the first completion, and the first wildcard expansion over every
 * service. Beside it, the same over the library read in place (what tests and the CLIs use).
 */
export async function catalogBenchmarks(): Promise<Figure[]> {
  if (!existsSync(SHIPPED))
    return [{ what: 'action catalog', value: `${SHIPPED} missing (run the Size section)`, budget: '', ok: false }];
  const shipped = () => shippedCatalog(SHIPPED);
  await readFile(SHIPPED); // into the OS cache, as after the extension's first use
  const probe = '{"Statement":[{"Effect":"Allow","Action":"ec2:","Resource":"*"}]}';
  const offset = probe.indexOf('ec2:') + 4;
  const firstCompletion = async (catalog: ActionCatalog) => (await complete(probe, offset, catalog))?.items.length ?? 0;
  const expandAll = (catalog: ActionCatalog) => expandActions(['*:List*'], catalog);

  const items = await firstCompletion(shipped());
  const listed = (await expandAll(shipped())).length;
  const sameAsLibrary =
    items === (await firstCompletion(createIamDataCatalog())) &&
    listed === (await expandAll(createIamDataCatalog())).length;
  const completeShipped = await timeMedian(() => firstCompletion(shipped()), RUNS);
  const completeLibrary = await timeMedian(() => firstCompletion(createIamDataCatalog()), RUNS);
  const expandShipped = await timeMedian(() => expandAll(shipped()), RUNS);
  const expandLibrary = await timeMedian(() => expandAll(createIamDataCatalog()), RUNS);
  const services = (await shipped().services()).length;
  return [
    {
      what:
        `first completion of ec2 actions, fresh catalog over ${SHIPPED} (${items} items; ` +
        `library in place: ${completeLibrary.toFixed(1)} ms)`,
      value: `${completeShipped.toFixed(1)} ms`,
      budget: '≤ 50 ms',
      ok: completeShipped <= 50 && items > 500 && sameAsLibrary,
    },
    {
      what:
        `first expansion of \`*:List*\` over all ${services} services, fresh catalog (${listed} actions; ` +
        `library in place: ${expandLibrary.toFixed(0)} ms)`,
      value: `${expandShipped.toFixed(0)} ms`,
      budget: '≤ 250 ms',
      ok: expandShipped <= 250 && listed > 1000 && sameAsLibrary,
    },
  ];
}
