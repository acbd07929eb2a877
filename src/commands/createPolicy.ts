import type { CommandDef } from '.';
import { checkDescription } from '../core/iam/rules';
import { askName, askPath, askTags, connectionOf, existingNames, pickPolicyDocument, profileOf, report } from './ops';
import { openInEditor } from './editPolicy';
import { Cancelled } from '../core/cancelled';

/**
 * IAM: Create Policy… — a customer managed policy from a template (or the JSON in the active
 * editor): name, path, description, tags. The policy editor takes over editing the document.
 */
export const createPolicy: CommandDef = {
  id: 'iamExplorer.createPolicy',
  async run(services, node?: unknown) {
    const profile = await profileOf(services, node);
    const title = 'Create managed policy';
    const name = await askName(services, 'policy', `${title} (1/5)`, await existingNames(services, profile, 'policy'));
    const document = await pickPolicyDocument(services, `${title} (2/5): document`);
    const path = await askPath(services, `${title} (3/5)`);
    const description = await services.ui.showInputBox({
      title: `${title} (4/5)`,
      prompt: 'Description (optional; it cannot be changed later)',
      validateInput: checkDescription,
      ignoreFocusOut: true,
    });
    if (description === undefined) throw new Cancelled();
    const bad = checkDescription(description);
    if (bad) throw new Error(bad);
    const tags = await askTags(services, `${title} (5/5)`);
    const conn = await connectionOf(services, profile);
    const policy = await conn.service.createPolicy({ name, path, document, description, tags });
    const { arn } = policy;
    services.log.info(`created policy ${arn}`);
    report(conn, [{ kind: 'created', entity: policy, document }]);
    void services.ui.showInformationMessage(`Created managed policy ${name}.`);
    // The policy editor takes over: the new policy opens in it.
    openInEditor(services, { kind: 'managed', profile, policyArn: arn, policyName: name });
    return arn;
  },
};
