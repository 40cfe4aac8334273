/**
 * Backups of a vault: full copies and incremental rolling backups (chains of a full copy and its increments),
 * and restore of a chain into a new, empty folder. See "Backups" in docs/vault-format.md for the byte layout.
 *
 * The vault's files are already ciphertext (documents, journal, head, checkpoint) or hold no case content
 * (vault.json: names and wrapped keys), so a backup needs no second layer of encryption; what it needs is
 * to be impossible to alter unnoticed. Each file ends with a SHA-256 of everything before it (so accidental
 * damage is reported as damage, whatever passphrase is typed) and an HMAC under a subkey of the vault's key
 * (so a deliberate change is refused too).
 */
export { BACKUP_EXTENSION } from './format'
export { backupKeyAt, vaultBackupKey, writeBackup, type BackupWritten } from './make'
export { inspectBackup, restoreBackup, type BackupInfo, type Restored, type RestoreOptions } from './restore'
export {
  assertBackupFolderOutsideVault,
  chainsOf,
  chainsToPrune,
  createBackup,
  DEFAULT_KEEP,
  defaultBackupFolder,
  FULL_EVERY_DAYS,
  FULL_EVERY_INCREMENTS,
  listRollingBackups,
  rollingBackupName,
  rollingSeqOf,
  writeRollingBackup,
} from './rolling'
