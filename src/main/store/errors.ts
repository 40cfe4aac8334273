/** The store's AppErrors, in one place so codes and sentences stay consistent. */
import { AppError } from '../../shared/errors'

export const wrongPassphrase = (): AppError =>
  new AppError('wrong-passphrase', 'That passphrase does not open this vault', { field: 'passphrase' })

export const vaultLocked = (): AppError => new AppError('vault-locked', 'The vault is locked — unlock it to carry on.')

export const notAVault = (dir: string): AppError =>
  new AppError('vault-not-found', `There is no vault in the folder ${dir}.`, { field: 'dir' })

export const vaultUnreadable = (why: string): AppError =>
  new AppError('vault-unreadable', `The vault cannot be opened: ${why}`)

export const journalDamaged = (why: string): AppError =>
  new AppError('journal-damaged', `The vault's audit trail has been damaged or tampered with, so the vault was not opened: ${why}`)

export const journalTruncated = (why: string): AppError =>
  new AppError('journal-truncated', `The vault's audit trail has been cut short, so the vault was not opened: ${why}`)

export const writeFailed = (what: string, cause: unknown): AppError => {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : ''
  const reason =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'the vault folder cannot be written to'
        : code === 'ENOENT'
          ? 'the vault folder is no longer there'
          : 'the disk reported an error'
  return new AppError('write-failed', `${what} could not be saved because ${reason}. Nothing already saved was lost.`)
}

export const invalidDocumentId = (docId: string): AppError =>
  new AppError(
    'invalid-document-id',
    `“${docId.slice(0, 60)}” is not a valid document name (lower-case letters, digits, dots, dashes and underscores, up to 128).`,
  )

/** Never include document content here: only its id. */
export const documentError = (
  code: 'document-missing' | 'document-damaged' | 'document-swapped' | 'document-rolled-back' | 'document-from-another-vault',
  docId: string,
): AppError => {
  const messages: Record<typeof code, string> = {
    'document-missing': `The document “${docId}” is missing from the vault folder.`,
    'document-damaged': `The document “${docId}” is damaged or has been tampered with and cannot be read.`,
    'document-swapped': `The file for “${docId}” holds a different document; it has been swapped and was refused.`,
    'document-rolled-back': `The document “${docId}” has been replaced with an older copy; it was refused.`,
    'document-from-another-vault': `The file for “${docId}” comes from a different vault; it was refused.`,
  }
  return new AppError(code, messages[code], { field: docId })
}
