import { CASE_TABLE } from './caseTable';

/** The case table in the CLI's input format, with `doc` and `expected` (ignored by the CLI). */
export function fixtureText(): string {
  return JSON.stringify({ cases: CASE_TABLE }, null, 1) + '\n';
}
