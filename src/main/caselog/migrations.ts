/**
 * Numbered migrations of the stored documents, oldest first, one list per kind of document (as
 * Signal-Desktop keeps ts/sql/migrations). Reading a document: find its `format`, refuse one newer than
 * this version knows, run each migration from there up to the current format, then parse the result with
 * the current schema. A document is migrated in memory only; it is written at the current format the next
 * time a save changes it, inside that save's commit and audit event — opening a vault never writes.
 *
 * To change a stored document: raise its schema's `format` literal in documents.ts, and append here one
 * migration whose `to` is the new number, turning the previous format into the new one. Keep every old
 * migration: a vault or backup from any earlier version must still open. A test per migration starts from
 * the v1 fixture vault's format (test/fixtures/vault-v1).
 *
 * Formats before the v1 fixture (an index at format 1, from before one document per dispute) never left
 * development, so they are refused with a clear error rather than migrated.
 */
import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { describeIssues, type FieldProblem } from '../../shared/zod-issues'
import { DOCUMENT_SCHEMAS, defaultSettings, kindOf, type DocumentKind, type DocumentOf } from './documents'

type StoredObject = Record<string, unknown>

interface Migration {
  /** The format this migration produces; it reads format `to - 1`. */
  to: number
  /** Why the format changed, for the next engineer. */
  why: string
  up: (doc: StoredObject) => StoredObject
}

const ArchiveV1 = z.looseObject({
  disputes: z.record(z.string(), z.looseObject({ retention: z.array(z.unknown()).optional() })),
  disposed: z.record(z.string(), z.unknown()).optional(),
})

const DisputeV1 = z.looseObject({
  format: z.literal(1),
  childCircumstances: z.array(z.string()),
  stageHistory: z.array(z.looseObject({ enteredOn: z.string() })).min(1),
  openedAt: z.string(),
  openedBy: z.string(),
})

/**
 * A dispute from before circumstances carried dates: each circumstance it lists is read as holding from
 * the day the dispute opened (its first stage's day) — all that was recorded — and no notification has
 * been settled as not needed.
 */
function disputeWithPeriods(stored: unknown): StoredObject {
  const v1 = DisputeV1.parse(stored)
  const openedOn = v1.stageHistory[0].enteredOn
  return {
    ...v1,
    format: 2,
    circumstancePeriods: [...new Set(v1.childCircumstances)].map((circumstance) => ({
      circumstance,
      from: openedOn,
      to: null,
      recordedAt: v1.openedAt,
      by: v1.openedBy,
      corrections: [],
    })),
    notificationsNotNeeded: [],
  }
}

const ChildrenV1 = z.looseObject({
  children: z.record(z.string(), z.looseObject({ childProtectionPlan: z.unknown(), lookedAfter: z.unknown() })),
})

const DisputeDocV1 = z.looseObject({ dispute: z.unknown() })
const ArchiveV2 = z.looseObject({ disputes: z.record(z.string(), z.looseObject({ dispute: z.unknown() })) })

const PERIODS_WHY =
  'Circumstances carry the dates they held (a child looked after from 30 Mar owes the IRO notice from 30 Mar, not from the day the dispute opened), and an owed notification can be recorded as not needed with a reason.'

const DisputeV2 = z.looseObject({
  format: z.literal(2),
  stageHistory: z.array(z.looseObject({})).min(1),
})
const RecordV2 = z.looseObject({ whatWasSaid: z.string() })
const DisputeDocV2 = z.looseObject({ dispute: z.unknown(), records: z.array(RecordV2) })
const ArchiveV3 = z.looseObject({ disputes: z.record(z.string(), z.looseObject({ dispute: z.unknown() })) })

/**
 * A dispute from before stages recorded who was involved: no one was recorded at any stage (so every
 * form box for them stays blank — never filled with a guess such as the stage-1 practitioner).
 */
function disputeWithStagePeople(stored: unknown): StoredObject {
  const v2 = DisputeV2.parse(stored)
  return { ...v2, format: 3, stageHistory: v2.stageHistory.map((visit) => ({ ...visit, ourSide: null, theirSide: null })) }
}

/**
 * A record from before who said what was recorded: its one text keeps its place as `whatWasSaid`, the
 * speaker not recorded; the attributed texts start empty, since nothing can tell whose words it holds.
 * A blank one carries nothing and is dropped.
 */
function recordWithSpeakers(stored: unknown): StoredObject {
  const { whatWasSaid, ...rest } = RecordV2.parse(stored)
  return { ...rest, theySaid: '', weSaid: '', ...(whatWasSaid.trim() !== '' ? { whatWasSaid } : {}) }
}

const SPEAKERS_WHY =
  'A record holds what the other party said and what we said apart, so that no one’s words are read as another’s (the meeting pack’s positions); each stage records who took the matter up on our side and whom it sat with on theirs, for the forms’ “raised with” boxes.'

const DisputeDocV3 = z.looseObject({ records: z.array(z.looseObject({})) })

const ASK_WHY =
  'A record can ask a named person of the vault for a countersignature, which they give signed in as themselves; every record says whether one was asked (null: none).'

const FILES_WHY =
  'Records hold the files stored with them in the vault (the original email, its attachments, any file attached): every record lists them, none in a vault from before, where files were only noted by reference.'

const DisputeDocV4 = z.looseObject({ records: z.array(z.looseObject({})) })

const TEAM_WHY =
  'A dispute shared through a team vault holds what the team’s merge says a person must see — moves made on two devices at once (needs review), details or drafts saved on two devices at once — so the desk shows it (null: the team has never touched it, as in every vault from before).'

const TEAM_NOTES_WHY =
  'The index lists the disputes whose team notes ask a person to decide (moves made at once, a draft with two versions, one reference given twice), so that the dashboard shows them, a dispute closed by one of two moves included, without reading every dispute.'

interface KindMigrations {
  /** The oldest format still read. Settings were first written without a tag: format 0. */
  earliest: number
  steps: Migration[]
}

export const MIGRATIONS: Record<DocumentKind, KindMigrations> = {
  index: {
    earliest: 2,
    steps: [
      {
        to: 3,
        why: TEAM_NOTES_WHY,
        // The open disputes are read at unlock, so the dashboard finds their notes without this list; a closed
        // dispute with notes from before joins it when it is next saved or the index is rebuilt.
        up: (doc) => ({ ...doc, format: 3, teamNotes: [] }),
      },
    ],
  },
  // New with issue 21; a vault without one opens as before (the document is made by the first export).
  orgKey: { earliest: 1, steps: [] },
  // A vault from before team vaults has no team document: the device belongs to no team.
  team: {
    earliest: 1,
    steps: [
      {
        to: 2,
        why: 'Every event about a dispute is sealed under a key of that dispute’s own, which colleagues seal to this device’s receive key, so that a retention disposal can destroy it everywhere: the team document holds the receive key (null until the device next starts, when it makes one); the dispute keys are kept in their own documents, team-keys.<2 hex>.',
        up: (doc) => ({ ...doc, format: 2, receive: null }),
      },
      {
        to: 3,
        why: 'A stored file waiting to be sent to the team is kept as where it lies in this vault, not as a second copy of its bytes, so a save made before the next sync does not write the file again.',
        up: (doc) => ({ ...doc, format: 3 }),
      },
      {
        to: 4,
        why: 'A save made after the app starts again, before its first sync with the team, is told to the team as made from what the person had seen: the team document keeps how far each colleague’s changes had been applied here. A document from before does not know (null), and such a save is told as before.',
        up: (doc) => ({ ...doc, format: 4, applied: null }),
      },
      {
        to: 5,
        why: 'Every 256 of a device’s own changes are packed into one file so that a colleague joining later fetches a few packs rather than every change: the team document keeps the last change packed, so that a run closed but not yet packed when the app stopped is packed after it starts again. A document from before does not know (null), and every closed run is taken as packed, as before.',
        up: (doc) => ({ ...doc, format: 5, position: { ...(doc.position as object), packedUpTo: null } }),
      },
    ],
  },
  // New with per-dispute keys: a vault from before has none (its device holds no dispute keys yet).
  teamKeys: { earliest: 1, steps: [] },
  dispute: {
    earliest: 1,
    steps: [
      {
        to: 2,
        why: PERIODS_WHY,
        up: (doc) => ({ ...DisputeDocV1.parse(doc), format: 2, dispute: disputeWithPeriods(doc.dispute) }),
      },
      {
        to: 3,
        why: SPEAKERS_WHY,
        up: (doc) => {
          const v2 = DisputeDocV2.parse(doc)
          return { ...v2, format: 3, dispute: disputeWithStagePeople(v2.dispute), records: v2.records.map(recordWithSpeakers) }
        },
      },
      {
        to: 4,
        why: ASK_WHY,
        up: (doc) => {
          const v3 = DisputeDocV3.parse(doc)
          return { ...v3, format: 4, records: v3.records.map((r) => ({ ...r, countersignatureAsk: null })) }
        },
      },
      {
        to: 5,
        why: FILES_WHY,
        up: (doc) => {
          const v4 = DisputeDocV4.parse(doc)
          return { ...v4, format: 5, records: v4.records.map((r) => ({ ...r, files: [] })) }
        },
      },
      { to: 6, why: TEAM_WHY, up: (doc) => ({ ...doc, format: 6, team: null }) },
    ],
  },
  archive: {
    earliest: 1,
    steps: [
      {
        to: 2,
        why: 'Every archive lists its disposals and every archived dispute its retention decisions, even when there are none, so no reader has to guess.',
        up: (doc) => {
          const v1 = ArchiveV1.parse(doc)
          return {
            ...v1,
            format: 2,
            disputes: Object.fromEntries(
              Object.entries(v1.disputes).map(([id, entry]) => [id, { ...entry, retention: entry.retention ?? [] }]),
            ),
            disposed: v1.disposed ?? {},
          }
        },
      },
      {
        to: 3,
        why: PERIODS_WHY,
        up: (doc) => {
          const v2 = ArchiveV2.parse(doc)
          return {
            ...v2,
            format: 3,
            disputes: Object.fromEntries(
              Object.entries(v2.disputes).map(([id, entry]) => [id, { ...entry, dispute: disputeWithPeriods(entry.dispute) }]),
            ),
          }
        },
      },
      {
        to: 4,
        why: SPEAKERS_WHY,
        up: (doc) => {
          const v3 = ArchiveV3.parse(doc)
          return {
            ...v3,
            format: 4,
            disputes: Object.fromEntries(
              Object.entries(v3.disputes).map(([id, entry]) => [id, { ...entry, dispute: disputeWithStagePeople(entry.dispute) }]),
            ),
          }
        },
      },
    ],
  },
  children: {
    earliest: 1,
    steps: [
      {
        to: 2,
        why: 'A child protection plan and looked-after status carry the dates they held. Before, only that they held was recorded: such a period has no known start.',
        up: (doc) => {
          const v1 = ChildrenV1.parse(doc)
          return {
            ...v1,
            format: 2,
            children: Object.fromEntries(
              Object.entries(v1.children).map(([id, child]) => [
                id,
                {
                  ...child,
                  circumstanceHistory: (['childProtectionPlan', 'lookedAfter'] as const)
                    .filter((flag) => child[flag] === true)
                    .map((circumstance) => ({ circumstance, from: null, to: null })),
                },
              ]),
            ),
          }
        },
      },
    ],
  },
  directory: { earliest: 1, steps: [] },
  policies: {
    earliest: 1,
    steps: [
      {
        to: 2,
        why: 'A policy can be retired (no new disputes under it): the document lists the retired policies, none in a vault from before.',
        up: (doc) => ({ ...doc, format: 2, retired: [] }),
      },
    ],
  },
  settings: {
    earliest: 0,
    steps: [
      {
        to: 1,
        why: 'Settings were written around the case log with no format tag, and vaults from before a setting existed lack it: tag them and fill in the defaults.',
        up: (doc) => ({ ...defaultSettings(), ...doc, format: 1 }),
      },
      {
        to: 2,
        why: 'Records are signed with each person’s role as held in the vault (set when they are added), not the self-edited profile: settings hold people’s details. A vault from before holds no role for anyone, and none is guessed from a profile.',
        up: (doc) => ({ ...doc, people: {}, format: 2 }),
      },
      {
        to: 3,
        why: 'Deadlines exported to Outlook (.ics): settings may hold the last export’s events, so the next export keeps their UIDs and cancels those closed since. A vault from before has exported none.',
        up: (doc) => ({ ...doc, format: 3 }),
      },
      {
        to: 4,
        why: 'Desktop reminders of deadlines and notifications owed, with one setting to turn them off. A vault from before has them on: nothing was ever turned off.',
        up: (doc) => ({ ...doc, reminders: true, format: 4 }),
      },
    ],
  },
  meeting: {
    earliest: 1,
    steps: [
      {
        to: 2,
        why: 'A meeting travels between a team’s devices: its document holds what the team’s merge says a person must see of it (who changed it last, parts changed on two devices at once). A meeting from before has none (null).',
        up: (doc) => ({ ...doc, format: 2, team: null }),
      },
    ],
  },
  // The search index arrived at format 1: a vault from before has none, and the search service builds it.
  searchSegment: {
    earliest: 1,
    steps: [
      {
        to: 2,
        why: 'A segment holds the texts each result’s snippet is cut from, so a first search reads no dispute document. One from before holds none (null): its snippets come from the dispute’s document until the dispute is next saved.',
        up: (doc) => ({ ...doc, format: 2, texts: null }),
      },
    ],
  },
  searchTerms: { earliest: 1, steps: [] },
  // Vaults from before summaries have none: CaseLog builds each year's from its archive and open
  // disputes the first time it is needed, and saves it in an audited commit ('summaries-built').
  summary: { earliest: 1, steps: [] },
  // Vaults from before the quarter documents have none: CaseLog builds them from the year summaries the first
  // time a quarter's figures are asked for, and saves them in an audited commit ('quarterly-totals-built').
  quarter: { earliest: 1, steps: [] },
  quarterTotals: { earliest: 1, steps: [] },
  // Vaults from before the quarter figures have none: CaseLog builds them from the quarter documents (or with
  // them, where those are missing too) the first time a quarter's figures are asked for, in an audited commit
  // ('quarterly-figures-built', or within 'quarterly-totals-built' / 'summaries-built').
  quarterFigures: { earliest: 1, steps: [] },
}

/** The current format of each kind: what its schema's `format` literal says. */
export const currentFormat = (kind: DocumentKind): number => {
  const steps = MIGRATIONS[kind].steps
  return steps.at(-1)?.to ?? MIGRATIONS[kind].earliest
}

const formatOf = (kind: DocumentKind, doc: StoredObject): number | null => {
  if (!('format' in doc)) return kind === 'settings' ? 0 : null
  return typeof doc.format === 'number' && Number.isInteger(doc.format) ? doc.format : null
}

function unreadable(docId: string, why: string, details?: { path: string; message: string }[]): AppError {
  return new AppError('document-invalid', `The document “${docId}” cannot be used: ${why}`, {
    field: docId,
    ...(details ? { details } : {}),
  })
}

/**
 * A stored document, brought up to the current format and checked against its schema. Throws an
 * AppError (`document-invalid`, or `document-too-new`) naming the document; never returns a default.
 */
export function readDocument<K extends DocumentKind>(kind: K, docId: string, stored: unknown): DocumentOf<K> {
  if (kindOf(docId) !== kind) throw unreadable(docId, `it is not a ${kind} document.`)
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored))
    throw unreadable(docId, 'it is not a document this version of Escalation Log recognises.')
  let doc = stored as StoredObject
  const format = formatOf(kind, doc)
  const { earliest, steps } = MIGRATIONS[kind]
  const current = currentFormat(kind)
  if (format === null || format < earliest)
    throw unreadable(docId, `its format (${String(doc.format)}) is older than any this version of Escalation Log can read.`)
  if (format > current)
    throw new AppError(
      'document-too-new',
      `The document “${docId}” was written by a newer version of Escalation Log (format ${format}; this version reads up to ${current}). Update Escalation Log to open this vault.`,
      { field: docId },
    )
  try {
    for (const step of steps) if (step.to > format) doc = step.up(doc)
  } catch (error) {
    if (error instanceof z.ZodError) throw unreadable(docId, `it could not be brought up to format ${current}.`, issues(error, doc))
    throw error
  }
  const parsed = DOCUMENT_SCHEMAS[kind].safeParse(doc)
  if (!parsed.success) {
    const details = issues(parsed.error, doc)
    const first = details[0]
    throw unreadable(
      docId,
      `it is not in the form this version of Escalation Log expects${first ? ` (${first.path}: ${first.message})` : ''}.`,
      details,
    )
  }
  return parsed.data as DocumentOf<K>
}

// Paths and zod's messages name fields and expected types, never the stored values (case content).
const issues = (error: z.ZodError, doc: unknown): FieldProblem[] =>
  describeIssues(error.issues.slice(0, 20), doc, { rootName: '(document)', quoteValues: false })
