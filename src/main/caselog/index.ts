/** The case log: every stored document, its schema and migrations, and the writes that change them. */
export { CaseLog, gateViews, type DisputeSlot, type OpenEntry, type SavedChange, type SavedListener } from './caselog'
export {
  defaultSettings,
  type ArchiveDoc,
  type ArchivedEntry,
  type ChildrenDoc,
  type DirectoryDoc,
  type DisputeDoc,
  type IndexDoc,
  type PoliciesDoc,
  type SettingsDoc,
} from './documents'
export { newId, own } from './changes'
export { currentFormat, readDocument } from './migrations'
export type { DerivedWrites, IndexDocuments, PendingSave, PreparedDerivation } from './derived'
export { searchSegmentDocId, searchTermsDocId, type SearchSegmentDoc, type SearchTermsDoc } from './documents'
export { childrenOfQuarter, countsOf, disputesOfQuarter, wholeVaultFor } from './quarter-index'
