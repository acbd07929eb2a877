/**
 * Access key rotation as a plan over small ports (IAM/STS, the shared files, a journal,
 * the secret's delivery), with no VS Code: see rotateAccessKey for the steps and the
 * undo rules. The extension wires the ports to the SDK, core/credentials and its quick
 * picks; tests wire them to fakes or the emulator.
 */
export {
  rotateAccessKey,
  retireOldKey,
  RotationError,
  ACCESS_KEYS_PER_USER,
  DEFAULT_VERIFY_TIMEOUT_MS,
} from './rotate';
export type { RotationRequest, RotationDeps, RotationResult } from './rotate';
export type {
  RotationIam,
  RotationFiles,
  RotationJournal,
  JournalEntry,
  FileWrite,
  PlannedWrite,
  Delivery,
  KeyMeta,
  SignedIdentity,
  OldKeyAction,
  RotationStep,
} from './ports';
export { localFiles, fileWriteOf } from './localFiles';
export { fileJournal, memoryJournal } from './journal';
export { rotationPlanMessage, type RotationPlanInput } from './planMessage';
