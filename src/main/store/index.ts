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
export { acceptInvitation, createVault, inspectVault, openVault, recoverWithKey } from './open'
export type { AcceptInvitationOptions, CreateVaultOptions, OpenVaultOptions, RecoverOptions, VaultAdvancedOptions } from './open'
export { normaliseCode } from './slots'
export type { CommitPoint, FaultHooks, VaultIo } from './io'
export { nodeIo } from './io'
export { isValidDocId } from './documents'
export { vaultReadOnly } from './errors'
