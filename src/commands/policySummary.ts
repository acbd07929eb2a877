import type { CommandDef } from '.';
import { parseDocumentAddress } from '../core/iam/documentAddress';
import { summarize } from '../core/policy/summary';
import type { PolicyKind } from '../core/policy/types';
import { activeDocument } from './formatPolicyDocument';
import { summaryRows } from './reasoning';

/**
 * IAM: Show Policy Summary (the policy editor's title bar) — the console-style summary of the
 * document as it is in the editor: per service, the access levels it allows or denies, on which
 * resources, under which conditions.
 */
export const policySummary: CommandDef = {
  id: 'iamExplorer.policyEditor.summary',
  async run(services) {
    const document = activeDocument(services);
    const target = parseDocumentAddress(document.uri.query);
    const kind: PolicyKind = typeof target !== 'string' && target.kind === 'trust' ? 'trust' : 'identity';
    const summary = await summarize(document.getText(), services.catalog(), kind);
    const columns = ['Service', 'Access level', 'Resources', 'Conditions'];
    const name = document.uri.path.split('/').pop() ?? 'policy';
    return services.reports.show('summary', `Summary: ${name}`, {
      title: `Summary of ${name}`,
      subtitle: `The document as it is in the editor${document.isDirty ? ' (unsaved)' : ''}`,
      summary:
        `${summary.allow.length} service${summary.allow.length === 1 ? '' : 's'} allowed, ${summary.deny.length} ` +
        `denied.`,
      sections: [
        { heading: 'Allowed', table: { columns, rows: summaryRows(summary.allow) } },
        ...(summary.deny.length ? [{ heading: 'Denied', table: { columns, rows: summaryRows(summary.deny) } }] : []),
      ],
      caveats: summary.notes,
    });
  },
};
