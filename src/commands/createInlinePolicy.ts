import type { CommandDef } from '.';
import { openInEditor } from './editPolicy';
import { askName, connectionOf, pickPolicyDocument, ref, report, resolveTarget } from './ops';

/**
 * IAM: Create Inline Policy… — on a user, group or role: a name (not already used: IAM would
 * silently replace it) and a starting document. The policy editor takes over editing it.
 */
export const createInlinePolicy: CommandDef = {
  id: 'iamExplorer.createInlinePolicy',
  async run(services, node?: unknown) {
    const target = await resolveTarget(services, node, ['user', 'group', 'role'], 'Add an inline policy to…');
    const entity = ref(target.entity);
    const conn = await connectionOf(services, target.profile);
    const { service } = conn;
    // Read from IAM: PutUserPolicy on a name taken meanwhile would replace that policy silently.
    const existing = await service.listInlinePolicyNames(entity);
    const title = `Inline policy for ${entity.type} ${entity.name}`;
    const name = await askName(services, 'inlinePolicy', title, existing);
    const document = await pickPolicyDocument(services, `${title}: document`);
    await service.putInlinePolicy(entity, name, document);
    services.log.info(`created inline policy ${name} on ${entity.type} ${entity.name}`);
    report(conn, [{ kind: 'inline', entity, policyName: name, document }]);
    void services.ui.showInformationMessage(`Created inline policy ${name} on ${entity.type} ${entity.name}.`);
    openInEditor(services, { kind: 'inline', profile: target.profile, owner: entity, policyName: name });
    return name;
  },
};
