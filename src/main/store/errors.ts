/** The store's AppErrors, in one place so codes and sentences stay consistent. */
import { AppError } from '../../shared/errors'

export const wrongPassphrase = (): AppError =>
  new AppError('wrong-passphrase', 'That passphrase does not open this vault', { field: 'passphrase' })

export const vaultLocked = (): AppError => new AppError('vault-locked', 'The vault is locked — unlock it to carry on.')

export const notAVault = (dir: string): AppError =>
  new AppError('vault-not-found', `There is no vault in the folder ${dir}.`, { field: 'dir' })

export const vaultUnreadable = (why: string): AppError =>
  new AppError('vault-unreadable', `The vault cannot be opened: ${why}`)

export const headerTampered = (): AppError =>
  new AppError('header-tampered', "The vault's list of people has been altered outside Escalation Log, so the vault was not opened.")

export const journalDamaged = (why: string): AppError =>
  new AppError('journal-damaged', `The vault's audit trail has been damaged or tampered with, so the vault was not opened: ${why}`)

export const journalTruncated = (why: string): AppError =>
  new AppError('journal-truncated', `The vault's audit trail has been cut short, so the vault was not opened: ${why}`)

/**
 * What a person is told about what they had saved before, after a save failed. "Nothing already saved was
 * lost" is said only where the store has checked it ('checked'); 'unchecked' asks them to reopen the vault,
 * which checks everything; 'none' says nothing about it (a new vault, a backup file, a restore).
 */
export type AfterWriteFailure = 'checked' | 'unchecked' | 'none'

const AFTER: Record<AfterWriteFailure, string> = {
  checked: ' Nothing already saved was lost.',
  unchecked:
    ' Escalation Log could not check the vault folder afterwards: lock the vault and unlock it again, which checks that everything saved earlier is there.',
  none: '',
}

/** The cause's system error code, if it has one (ENOSPC, EROFS …); a WriteNotUndone is looked through. */
const codeOf = (cause: unknown): string => {
  const inner = typeof cause === 'object' && cause !== null && 'cause' in cause && cause.cause !== undefined ? cause.cause : cause
  return typeof inner === 'object' && inner !== null && 'code' in inner ? String(inner.code) : ''
}

export const writeFailed = (what: string, cause: unknown, after: AfterWriteFailure): AppError => {
  const code = codeOf(cause)
  const reason =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'the vault folder cannot be written to'
        : code === 'ENOENT'
          ? 'the vault folder is no longer there'
          : 'the disk reported an error'
  return new AppError('write-failed', `${what} could not be saved because ${reason}.${AFTER[after]}`)
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

/**
 * The vault's folder cannot be written to (read-only media, a share without write permission): it is open
 * for reading and searching only. `why` says what the system reported, in words.
 */
export const vaultReadOnly = (why: string, what = 'Nothing was saved.'): AppError =>
  new AppError('vault-read-only', `This vault is on a folder that cannot be written to, so it is open read-only: ${why}. ${what}`)
