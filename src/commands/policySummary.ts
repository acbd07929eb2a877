import type { CommandDef } from '.';
import { parseDocumentAddress } from '../core/iam/documentAddress';
import { summarize, type ServiceSummary } from '../core/policy/summary';
import type { PolicyKind } from '../core/policy/types';
import type { HostCell } from '../webview/host/reportPanel';
import { activeDocument } from './formatPolicyDocument';

function rows(list: readonly ServiceSummary[]): HostCell[][] {
  return list.map((s) => [
    { text: s.name, notes: s.unrecognized.length ? [`Not in the action catalog: ${s.unrecognized.join(', ')}`] : [] },
    { text: s.access, notes: s.levels.map((l) => `${l.level}: ${l.granted} of ${l.total}`) },
    { text: s.resources.join(', ') || '—' },
    { text: s.conditions.length ? s.conditions.join('; ') : 'None' },
  ]);
}

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
      summary: `${summary.allow.length} service${summary.allow.length === 1 ? '' : 's'} allowed, ${summary.deny.length} denied.`,
      sections: [
        { heading: 'Allowed', table: { columns, rows: rows(summary.allow) } },
        ...(summary.deny.length ? [{ heading: 'Denied', table: { columns, rows: rows(summary.deny) } }] : []),
      ],
      caveats: summary.notes,
    });
  },
};
