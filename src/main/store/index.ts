/** The encrypted vault: the storage layer of Escalation Log. See docs/vault-format.md. */
export type {
  AuditChainReport,
  AuditEvent,
  AuditEventInput,
  DocumentChange,
  DocumentChangeRecord,
  InspectResult,
  InvitationInfo,
  RecoveryKeyInfo,
  ReencryptionStatus,
  KdfParams,
  PersonSlot,
  Vault,
  VaultProblem,
} from './types'
export { KDF_FLOOR, calibrateKdf } from './kdf'
export { createVault, inspectVault, openVault } from './open'
export { acceptInvitation, recoverWithKey } from './open-with-code'
export type { CreateVaultOptions, OpenVaultOptions, VaultAdvancedOptions } from './open'
export type { AcceptInvitationOptions, RecoverOptions } from './open-with-code'
export { normaliseCode } from './slots'
export type { CommitPoint, FaultHooks, VaultIo } from './io'
export { nodeIo } from './io'
export { isValidDocId } from './documents'
export { vaultReadOnly } from './errors'
