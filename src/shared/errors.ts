/**
 * Every error code the app gives, in one vocabulary: screens and tests branch on these, so a code is never
 * spelled two ways (`invalid-input` is the one for input that does not match its schema).
 */
export type ErrorCode =
  | 'transport'
  | 'internal'
  | 'document-damaged'
  | 'document-swapped'
  | 'document-rolled-back'
  | 'document-from-another-vault'
  | 'documents-damaged'
  | 'addendum-reason-missing'
  | 'addendum-text-missing'
  | 'addendum-too-long'
  | 'already-requested'
  | 'backup-busy'
  | 'backup-damaged'
  | 'backup-failed'
  | 'backup-folder-inside-vault'
  | 'backup-not-found'
  | 'backup-other-vault'
  | 'backup-too-large'
  | 'backup-unavailable'
  | 'backup-unreadable'
  | 'bank-holidays-invalid'
  | 'child-date-of-birth-future'
  | 'child-date-of-birth-invalid'
  | 'child-level-of-need-unknown'
  | 'child-name-missing'
  | 'child-not-found'
  | 'child-setting-invalid'
  | 'circumstance-period-unknown'
  | 'circumstance-periods-overlap'
  | 'circumstance-still-holds'
  | 'circumstance-unknown'
  | 'closure-label-missing'
  | 'closure-not-found'
  | 'countersignature-same-person'
  | 'date-before-dispute'
  | 'date-before-start'
  | 'date-in-future'
  | 'date-incomplete'
  | 'date-invalid'
  | 'date-not-leap-year'
  | 'date-not-real'
  | 'directory-availability-invalid'
  | 'directory-email-invalid'
  | 'directory-entry-empty'
  | 'directory-entry-too-long'
  | 'directory-not-found'
  | 'directory-phone-invalid'
  | 'directory-tier-invalid'
  | 'dispute-closed'
  | 'dispute-not-found'
  | 'dispute-not-resolved'
  | 'dispute-open'
  | 'document-invalid'
  | 'document-missing'
  | 'document-not-found'
  | 'document-too-new'
  | 'email-address-invalid'
  | 'email-no-recipient'
  | 'emergency-call-missing'
  | 'entry-check'
  | 'entry-check-unconfirmed'
  | 'exceptional-route-not-available'
  | 'export-unavailable'
  | 'export-write-failed'
  | 'file-empty'
  | 'file-not-json'
  | 'file-not-utf8'
  | 'file-too-large'
  | 'file-unreadable'
  | 'final-stage'
  | 'folder-not-empty'
  | 'folder-unreadable'
  | 'form-unknown'
  | 'header-tampered'
  | 'hours-invalid'
  | 'immediate-action-missing'
  | 'in-future'
  | 'instant-invalid'
  | 'invalid-commit'
  | 'invalid-document-id'
  | 'invalid-input'
  | 'invalid-name'
  | 'invalid-option'
  | 'invalid-passphrase'
  | 'journal-changed'
  | 'journal-damaged'
  | 'journal-truncated'
  | 'kdf-too-costly'
  | 'kdf-too-weak'
  | 'last-person'
  | 'later-start-not-allowed'
  | 'meeting-not-found'
  | 'meeting-not-held'
  | 'meeting-not-ready'
  | 'meeting-not-signed-off'
  | 'meeting-record-not-found'
  | 'meeting-record-not-theirs'
  | 'meeting-signed-off'
  | 'meeting-stage-not-reached'
  | 'meeting-stage-unknown'
  | 'name-invisible-character'
  | 'name-mixed-scripts'
  | 'name-styled-letter'
  | 'nhs-number-invalid'
  | 'no-emergency-route'
  | 'no-exceptional-route'
  | 'notification-already-recorded'
  | 'notification-missing'
  | 'notification-not-due'
  | 'notification-unknown'
  | 'offset-not-in-force'
  | 'option-not-available'
  | 'option-not-in-policy'
  | 'passphrase-check-slow'
  | 'passphrase-mismatch'
  | 'passphrase-weak'
  | 'path-not-absolute'
  | 'person-exists'
  | 'person-not-found'
  | 'person-self'
  | 'policy-already-retired'
  | 'policy-invalid'
  | 'policy-mismatch'
  | 'policy-missing'
  | 'policy-not-found'
  | 'policy-not-retired'
  | 'policy-retired'
  | 'policy-version-exists'
  | 'quarter-invalid'
  | 'reason-detail-missing'
  | 'reason-missing'
  | 'reason-unknown'
  | 'record-already-approved'
  | 'record-already-countersigned'
  | 'record-approved'
  | 'record-approver-not-author'
  | 'record-in-future'
  | 'record-incomplete'
  | 'record-invalid'
  | 'record-not-approved'
  | 'record-not-found'
  | 'records-unapproved'
  | 'retention-date-missing'
  | 'retention-not-due'
  | 'retention-reason-missing'
  | 'stage-not-reached'
  | 'stage-people-unchanged'
  | 'stage-unknown'
  | 'step-already-done'
  | 'step-unknown'
  | 'time-24'
  | 'time-ambiguous'
  | 'time-before-stage'
  | 'time-format'
  | 'time-in-future'
  | 'time-in-gap'
  | 'time-missing'
  | 'time-out-of-range'
  | 'unknown-channel'
  | 'untrusted-sender'
  | 'vault-exists'
  | 'vault-locked'
  | 'vault-needs-reopen'
  | 'vault-not-found'
  | 'vault-read-only'
  | 'vault-unreadable'
  | 'withdrawal-reason-missing'
  | 'working-days-invalid'
  | 'write-failed'
  | 'written-outcome-missing'
  | 'wrong-passphrase'

/**
 * Errors that reach a person. `code` is stable (tests and the UI branch on it); `message` is a sentence
 * a designated safeguarding lead understands; `field` names the input at fault where there is one, so
 * the screen can link its error summary to it; `details` lists further problems (e.g. every bad field of
 * an imported policy).
 */
export interface AppErrorShape {
  code: ErrorCode
  message: string
  field?: string
  details?: { path: string; message: string }[]
}

export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode
  readonly field?: string
  readonly details?: { path: string; message: string }[]

  constructor(code: ErrorCode, message: string, extra: { field?: string; details?: AppErrorShape['details'] } = {}) {
    super(message)
    this.name = 'AppError'
    this.code = code
    if (extra.field !== undefined) this.field = extra.field
    if (extra.details !== undefined) this.details = extra.details
  }

  toJSON(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    }
  }
}

/** What every IPC call returns: the value, or a typed error. Never a thrown exception across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
