/**
 * Quick fixes for findings, as text edits: replace an unknown action (or service
 * prefix) with the closest real one from the catalog, add a missing Version. Worked
 * out from the text and the catalog again, not from a finding's message.
 */
import { suggestAction, type ActionCatalog } from './catalog';
import { closest } from './suggest';
import type { Finding } from './types';
import { splitAction } from './wildcard';

export interface TextEdit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

export interface QuickFix {
  readonly title: string;
  readonly edit: TextEdit;
}

/** The JSON string token starting at `from` (quotes included), or undefined. */
function stringAt(text: string, from: number): { value: string; to: number } | undefined {
  const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(from));
  if (!m) return undefined;
  try {
    return { value: JSON.parse(m[0]) as string, to: from + m[0].length };
  } catch {
    return undefined;
  }
}

export async function quickFixes(
  text: string,
  finding: Pick<Finding, 'code' | 'from' | 'to'>,
  catalog: ActionCatalog,
): Promise<QuickFix[]> {
  switch (finding.code) {
    case 'version-missing': {
      const open = text.indexOf('{');
      if (open < 0) return [];
      const empty = /^\s*\}/.test(text.slice(open + 1));
      return [
        {
          title: 'Add "Version": "2012-10-17"',
          edit: {
            from: open + 1,
            to: open + 1,
            insert: empty ? '\n  "Version": "2012-10-17"\n' : '\n  "Version": "2012-10-17",',
          },
        },
      ];
    }
    case 'unknown-action': {
      const token = stringAt(text, finding.from);
      const split = token && splitAction(token.value);
      if (!token || !split) return [];
      const service = await catalog.service(split.service);
      const near = service && suggestAction(service, split.name);
      if (!service || !near) return [];
      const replacement = `${service.prefix}:${near}`;
      return [
        {
          title: `Replace with ${replacement}`,
          edit: { from: finding.from, to: token.to, insert: JSON.stringify(replacement) },
        },
      ];
    }
    case 'unknown-service': {
      const token = stringAt(text, finding.from);
      const split = token && splitAction(token.value);
      if (!token || !split) return [];
      const near = closest(
        split.service,
        (await catalog.services()).map((s) => s.prefix),
      );
      if (!near) return [];
      const replacement = `${near}:${split.name}`;
      return [
        {
          title: `Replace with ${replacement}`,
          edit: { from: finding.from, to: token.to, insert: JSON.stringify(replacement) },
        },
      ];
    }
    default:
      return [];
  }
}
