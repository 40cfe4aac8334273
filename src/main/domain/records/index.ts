/** Contact records: the lifecycle (draft, approval, countersignature, addenda) and how records are named. */
export {
  type Actor,
  addAddendum,
  approvalProblems,
  approveRecord,
  askCountersignature,
  countersign,
  createDraft,
  recordContent,
  updateDraft,
} from './lifecycle'
export {
  RETROSPECTIVE_AFTER_MS,
  type Retrospection,
  contactDescription,
  isRetrospective,
  recordLabel,
  retrospection,
  type SaidPassage,
  whatEachSideSaid,
  wordsOfTheOtherAgency,
} from './describe'
export { addFiles, fileInUse, type NewFile, removeFile } from './files'
