/**
 * The channel names alone, with no dependencies, so the sandboxed preload can import them without
 * pulling zod into its bundle. test/unit/api/contract.test.ts checks this list equals the contract's keys.
 */
export const CHANNEL_NAMES = [
  'app.info',
  'vault.inspect',
  'vault.chooseFolder',
  'vault.passphraseStrength',
  'vault.create',
  'vault.unlock',
  'vault.lock',
  'vault.session',
  'vault.changePassphrase',
  'session.activity',
  'settings.get',
  'settings.update',
  'people.list',
  'people.add',
  'people.remove',
  'people.renameSelf',
  'people.setRole',
  'audit.list',
  'audit.verify',
  'policies.builtIn',
  'policies.list',
  'policies.import',
  'policies.setRetired',
  'calendar.get',
  'calendar.importBankHolidays',
  'calendar.addClosure',
  'calendar.removeClosure',
  'children.list',
  'children.create',
  'children.update',
  'directory.list',
  'directory.create',
  'directory.update',
  'disputes.dashboard',
  'disputes.get',
  'disputes.open',
  'disputes.escalate',
  'disputes.resolve',
  'disputes.withdraw',
  'disputes.request',
  'disputes.recordNotification',
  'disputes.notificationNotNeeded',
  'disputes.correctCircumstance',
  'disputes.recordStepDone',
  'records.createDraft',
  'records.updateDraft',
  'records.approve',
  'records.countersign',
  'records.addAddendum',
  'records.drafts',
  'search.query',
  'backup.create',
  'backup.inspect',
  'backup.restore',
  'backup.settings',
  'backup.chooseFile',
  'exports.acknowledgeWarning',
  'exports.document',
  'exports.email',
  'reports.quarterly',
  'exports.trends',
  'exports.quarterlyReturn',
  'retention.list',
  'retention.decide',
] as const

/** The one channel on which the main process speaks first (lock, menu commands). */
export const EVENT_CHANNEL = 'app.event'

export type MenuCommand = 'log-contact' | 'new-dispute' | 'dashboard' | 'approvals' | 'help' | 'lock' | 'search'

export type AppEvent =
  | { type: 'locked'; reason: 'idle' | 'suspend' | 'manual' | 'error' }
  | { type: 'menu'; command: MenuCommand }
