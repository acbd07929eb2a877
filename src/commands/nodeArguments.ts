import { isIssuedFindingsNode } from '../tree/findingsNodes';
import { isIssuedNode } from '../tree/nodes';

/** Node-shaped: an object with a string `kind`, as the tree's nodes are (and as a forged one would be). */
function looksLikeNode(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { kind?: unknown }).kind === 'string'
  );
}

/**
 * Refuses node arguments the trees (the explorer, the Findings view) did not create. A command run from the tree gets
 * the
 * tree's own node (and, for a multi-selection, an array of them); one run through a
 * `command:` link, by another extension or with a deserialized argument gets a copy that
 * only looks like a node, and could name any profile, user or key. Arguments that are not
 * node-shaped (a profile name, nothing at all from the palette) pass.
 */
export function refuseForgedNodes(commandId: string, args: readonly unknown[]): void {
  const values = args.flatMap((arg) => (Array.isArray(arg) ? arg : [arg]));
  if (values.some((value) => looksLikeNode(value) && !isIssuedNode(value) && !isIssuedFindingsNode(value))) {
    throw new Error(
      `${commandId} was given an item that did not come from the IAM tree, so nothing was done. Run it from the ` +
        `IAM tree's context menu, or from the Command Palette to pick what it works on.`,
    );
  }
}
