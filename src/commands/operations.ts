import type { CommandDef } from '.';
import { addUserToGroup } from './addUserToGroup';
import { attachPolicy } from './attachPolicy';
import { createGroup } from './createGroup';
import { createInlinePolicy } from './createInlinePolicy';
import { createPolicy } from './createPolicy';
import { createPolicyVersion } from './createPolicyVersion';
import { createRole } from './createRole';
import { createUser } from './createUser';
import { deleteGroup, deletePolicy, deleteRole, deleteUser } from './deleteEntities';
import { deleteInlinePolicy } from './deleteInlinePolicy';
import { deletePolicyVersion } from './deletePolicyVersion';
import { detachPolicy } from './detachPolicy';
import { removeUserFromGroup } from './removeUserFromGroup';
import { setDefaultPolicyVersion } from './setDefaultPolicyVersion';
import { tagEntity } from './tagEntity';
import { untagEntity } from './untagEntity';

/** The IAM operations of the context menus and the palette (issue 5), registered by index.ts. */
export const operationCommands: readonly CommandDef[] = [
  createUser,
  deleteUser,
  createGroup,
  deleteGroup,
  addUserToGroup,
  removeUserFromGroup,
  createRole,
  deleteRole,
  createPolicy,
  deletePolicy,
  attachPolicy,
  detachPolicy,
  createPolicyVersion,
  setDefaultPolicyVersion,
  deletePolicyVersion,
  createInlinePolicy,
  deleteInlinePolicy,
  tagEntity,
  untagEntity,
];
