// Regenerates test/fixtures/eval/cases.json from the case table:
// `npx tsx test/unit/core/eval/writeFixture.ts`. caseTable.test.ts fails when they differ.
import { writeFileSync } from 'node:fs';
import { fixtureText } from './fixture';

writeFileSync(new URL('../../../fixtures/eval/cases.json', import.meta.url), fixtureText());
