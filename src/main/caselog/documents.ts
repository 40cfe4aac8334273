/**
 * Every document the case log stores, at its current format, as a zod schema. A document is parsed with
 * its schema each time it is read from the vault (after its migrations have brought an older format up to
 * date), so nothing downstream ever sees a shape it was not written for. Each document's own keys are
 * strict: a field this version does not know is refused by name rather than dropped at the next save.
 * The nested values are the shared schemas (Dispute, ContactRecord, Child…): a change to one of those
 * that an older vault does not satisfy needs a migration here too — the v1 fixture test catches it.
 *
 *   index             the ids of the open disputes, the reference counters, and the disputes whose team
 *                     notes ask for a decision
 *   dispute.<id>      one dispute: the Dispute, its children's names, its contact records and addenda
 *   archive.<year>    closed disputes opened in that year, without their records (for the quarterly
 *                     figures and retention review), their retention decisions, and disposal tombstones
 *   children          every child
 *   directory         the agency directory (seeded from the shipped directory files)
 *   policies          imported policies, imported bank holidays, extra closure days
 *   settings          the vault's settings, each person's profile (a display preference) and each
 *                     person's role as the vault holds it (`people`, what records are signed with)
 *   meeting.<id>      the final-stage meeting of one dispute: its plan, decision record, sign-off and
 *                     addenda (its own document, so preparing a meeting never rewrites the records)
 *   search.<id>       the search index's segment of one dispute: its documents' words, what each
 *                     result shows and the texts its snippet is cut from (src/main/domain/search-segments.ts),
 *                     written with the dispute
 *   search-terms.<y>  the search index's term list of one year: which of its disputes hold each word
 *   team              the team vault this device belongs to (src/main/team/service.ts): the transport and its
 *                     credentials, the team's keys, the member list it trusts, its chain's position and the
 *                     files sealed but not yet sent. Absent until a team is set up or joined.
 *   summary.<year>    the quarterly facts (domain/quarterly-facts.ts) of every dispute opened that year,
 *                     open or closed, and the setting and level of need of their children: what the
 *                     quarterly figures and return read, kept current by each save in its own commit,
 *                     so they never load the archives. No names, no descriptions.
 *   quarter.<y>-<q>   the quarterly facts of every dispute that counts in one calendar quarter (opened, closed,
 *                     a stage deadline due or a notification settled in it) and its children's setting and
 *                     level of need: what one quarter's figures and return read (./quarter-index.ts), kept
 *                     current from the year summaries in the same commit. Derived: rebuilt when missing.
 *   quarter-totals    what a quarter's figures need of every dispute, as small totals per policy: the
 *                     disputes opened and closed in each quarter (how many were open at a quarter's end) and
 *                     each policy version's count (the word for a stage); and the years it reflects.
 *   quarter-figures.<y>-<q>  one calendar quarter's figures as counts (domain/quarter-counts.ts): what the
 *                     Reports screen shows of the quarter, for all policies and for each, before the present
 *                     instant, the calendar and the policies' labels finish them. A function of the quarter's
 *                     document alone, written with it in the same commit; the first figures after unlock
 *                     read it (a few KB) instead of the quarter's facts. Derived: rebuilt when missing.
 */
import { z } from 'zod'
import { Child } from '../../shared/children'
import { DirectoryEntry } from '../../shared/directory'
import { Dispute } from '../../shared/dispute'
import { Meeting } from '../../shared/meetings'
import { Settings } from '../../shared/ipc'
import { Policy, PolicyRetirement } from '../../shared/policy'
import { ContactRecord } from '../../shared/records'
import { TeamNotes } from './team-notes'
import { MeetingTeamNotes } from './meeting-notes'
import { QuarterlyChildFacts, QuarterlyDispute } from '../domain/quarterly-facts'
import { QuarterCounts } from '../domain/quarter-counts'
import { MemberList } from '../domain/team/members'
import { StoredKeyShard, StoredReceiveKey } from '../team/dispute-keys'

const CivilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export const IndexDoc = z.strictObject({
  format: z.literal(3),
  /** Highest reference counter used, per year. */
  counters: z.record(z.string(), z.number().int().nonnegative()),
  /** The open disputes (their documents are loaded at unlock for the dashboard). */
  open: z.array(z.object({ id: z.string().min(1), reference: z.string().min(1) })),
  /**
   * Disputes, open or closed, whose team notes ask a person to decide or check something (team-notes.ts,
   * `teamAttention`): the dashboard's "Needs a decision from the team" without reading closed disputes.
   */
  teamNotes: z.array(z.object({ id: z.string().min(1), reference: z.string().min(1) })),
})
export type IndexDoc = z.infer<typeof IndexDoc>

export const DisputeDoc = z.strictObject({
  format: z.literal(6),
  dispute: Dispute,
  childNames: z.array(z.string()),
  records: z.array(ContactRecord),
  /** What the team's merge says a person must see (./team-notes.ts); null until the team has touched it. */
  team: TeamNotes.nullable(),
})
export type DisputeDoc = z.infer<typeof DisputeDoc>

export const RetentionDecision = z.object({
  decision: z.enum(['retain', 'dispose']),
  reason: z.string(),
  /** For "retain": the next review date. */
  retainUntil: CivilDate.nullable(),
  decidedAt: z.string(),
  decidedBy: z.string(),
})

export const ArchivedEntry = z.object({
  dispute: Dispute,
  childNames: z.array(z.string()),
  retention: z.array(RetentionDecision),
})
export type ArchivedEntry = z.infer<typeof ArchivedEntry>

/** What remains of a disposed dispute: no case content, only that it existed and why it went. */
export const DisposalTombstone = z.object({ reference: z.string(), at: z.string(), by: z.string(), reason: z.string() })
export type DisposalTombstone = z.infer<typeof DisposalTombstone>

export const ArchiveDoc = z.strictObject({
  format: z.literal(4),
  disputes: z.record(z.string(), ArchivedEntry),
  disposed: z.record(z.string(), DisposalTombstone),
})
export type ArchiveDoc = z.infer<typeof ArchiveDoc>

export const ChildrenDoc = z.strictObject({ format: z.literal(2), children: z.record(z.string(), Child) })
export type ChildrenDoc = z.infer<typeof ChildrenDoc>

export const DirectoryDoc = z.strictObject({ format: z.literal(1), entries: z.record(z.string(), DirectoryEntry) })
export type DirectoryDoc = z.infer<typeof DirectoryDoc>

const BankHoliday = z.object({ title: z.string(), date: CivilDate })
const ClosureDay = z.object({ date: CivilDate, label: z.string() })

export const PoliciesDoc = z.strictObject({
  format: z.literal(2),
  imported: z.array(Policy),
  /** Set once a gov.uk bank-holidays file has been imported: replaces the bundled list. */
  bankHolidays: z.array(BankHoliday).nullable(),
  extraClosures: z.array(ClosureDay),
  /** Policies no longer in use for new disputes. */
  retired: z.array(PolicyRetirement),
})
export type PoliciesDoc = z.infer<typeof PoliciesDoc>

export const SettingsDoc = Settings.extend({ format: z.literal(4) }).strict()
export type SettingsDoc = z.infer<typeof SettingsDoc>

export const MeetingDoc = z.strictObject({
  format: z.literal(2),
  meeting: Meeting,
  /** What the team's merge says a person must see of it (./meeting-notes.ts); null until the team has touched it. */
  team: MeetingTeamNotes.nullable(),
})
export type MeetingDoc = z.infer<typeof MeetingDoc>

const StoredHit = z.strictObject({
  kind: z.enum(['record', 'dispute', 'child', 'directory']),
  title: z.string(),
  detail: z.string(),
  disputeId: z.string().nullable(),
  id: z.string(),
})

/** Derived from a dispute document (never the only copy of anything): rebuilt when missing or damaged. */
export const SearchSegmentDoc = z.strictObject({
  format: z.literal(2),
  hits: z.array(StoredHit),
  /** Sorted words, space-separated. */
  vocab: z.string(),
  /** Per word, its documents' positions in `hits` (comma-separated), space-separated. */
  postings: z.string(),
  /** Per hit, the texts its snippet is cut from; null in a segment from before (format 1). */
  texts: z.array(z.array(z.string())).nullable(),
})
export type SearchSegmentDoc = z.infer<typeof SearchSegmentDoc>

export const SearchTermsDoc = z.strictObject({
  format: z.literal(1),
  disputes: z.array(z.string()),
  docs: z.number().int().nonnegative(),
  vocab: z.string(),
  df: z.string(),
  slots: z.string(),
})
export type SearchTermsDoc = z.infer<typeof SearchTermsDoc>
export const SummaryDoc = z.strictObject({
  format: z.literal(1),
  /** By dispute id: every dispute opened in the year and not disposed of. */
  disputes: z.record(z.string(), QuarterlyDispute),
  /** By child id: the children of those disputes, as the quarterly return reads them. */
  children: z.record(z.string(), QuarterlyChildFacts),
})
export type SummaryDoc = z.infer<typeof SummaryDoc>

export const QuarterDoc = z.strictObject({
  format: z.literal(1),
  /** By dispute id: every dispute opened or closed in the quarter, or with a deadline or notification in it. */
  disputes: z.record(z.string(), QuarterlyDispute),
  /** By dispute id, then child id: the children's setting and level of need as that dispute's year summary holds them. */
  children: z.record(z.string(), z.record(z.string(), QuarterlyChildFacts)),
})
export type QuarterDoc = z.infer<typeof QuarterDoc>

const Counts = z.record(z.string(), z.number().int().positive())
export const QuarterTotalsDoc = z.strictObject({
  format: z.literal(1),
  /** The years whose summaries the quarter documents reflect. */
  years: z.array(z.string().regex(/^\d{4}$/)),
  /** By policy id: disputes by policy version; opened by quarter; closed by the later of opening's and closing's quarter. */
  policies: z.record(z.string(), z.strictObject({ versions: Counts, opened: Counts, closed: Counts })),
})
export type QuarterTotalsDoc = z.infer<typeof QuarterTotalsDoc>

export const QuarterFiguresDoc = z.strictObject({
  format: z.literal(1),
  /** The counts of every dispute in the quarter's document. */
  all: QuarterCounts,
  /** By policy id, the counts of that policy's disputes, but for its resolutions and deadlines: those are all's that name it. */
  policies: z.record(z.string(), QuarterCounts.omit({ resolutions: true, deadlines: true })),
})
export type QuarterFiguresDoc = z.infer<typeof QuarterFiguresDoc>

export const defaultSettings = (): Settings => ({
  autoLockMinutes: 10,
  profiles: {},
  people: {},
  exportWarningAcknowledged: false,
  retentionYears: 25,
  reminders: true,
})

const OrgCertificateStored = z.strictObject({
  personId: z.string().min(1),
  name: z.string().min(1),
  signingKey: z.string().regex(/^[0-9a-f]{64}$/),
  issuedAt: z.string(),
  sig: z.string().regex(/^[0-9a-f]{128}$/),
})

/**
 * The vault's organisation key (src/main/store/org-key.ts, docs/vault-format.md "Organisation key"): its
 * public half, its private half sealed to each holder, and every certificate it has issued — kept when a
 * person is removed, so what they signed still verifies. Absent until the first export needs it.
 */
export const OrgKeyDoc = z.strictObject({
  format: z.literal(1),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  createdBy: z.string().min(1),
  /** personId → the private key sealed to that holder's box key (hex). */
  holders: z.record(z.string(), z.string().regex(/^[0-9a-f]+$/)),
  certificates: z.array(OrgCertificateStored),
})
export type OrgKeyDoc = z.infer<typeof OrgKeyDoc>

const Hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`))

/** See "team" above; the team's keys and the WebDAV password are here, inside the encrypted vault, and nowhere else. */
export const TeamDoc = z.strictObject({
  format: z.literal(5),
  teamId: Hex(16),
  deviceId: Hex(16),
  joinedAt: z.string(),
  transport: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('folder'), path: z.string().min(1).max(4000) }),
    z.strictObject({ kind: z.literal('webdav'), url: z.string().url().max(2000), username: z.string().max(200), password: z.string().max(500) }),
  ]),
  /** Every epoch's key this device holds, newest first. */
  keys: z.array(z.tuple([z.number().int().min(1), Hex(32)])).min(1),
  list: MemberList,
  listHash: Hex(32),
  /**
   * This device's place in its chain; (format 5) `packedUpTo`: the last of its own segments it has packed or
   * decided not to (team/device.ts), so a run closed but not yet packed when the app stopped is packed after it
   * starts again. Null: not known (a document from before), taken as every closed run.
   */
  position: z.strictObject({
    seq: z.number().int().min(0),
    prev: Hex(32),
    docSeq: z.number().int().min(0),
    packedUpTo: z.number().int().min(0).nullable(),
  }),
  /**
   * Files sealed but not sent: their bytes, or (format 2) for a stored file's part the range of the local file
   * it is sealed again from, byte for byte (team/device.ts, `PartRef`), so a file waiting to be sent is not
   * written again with every save.
   */
  outbox: z.array(
    z.union([
      z.strictObject({ path: z.string().min(1).max(300), bytes: z.string().base64() }),
      z.strictObject({
        path: z.string().min(1).max(300),
        part: z.strictObject({
          attachment: z.string().regex(/^[0-9a-f]{32}$/),
          size: z.number().int().min(0),
          offset: z.number().int().min(0),
          length: z.number().int().min(0),
          epoch: z.number().int().min(1),
          hash: Hex(32),
          /** The dispute key it is sealed under (a part written before dispute-keyed parts has none). */
          keyId: Hex(16).optional(),
        }),
      }),
    ]),
  ),
  /** This device's receive key, to which colleagues seal dispute keys (null: not made yet; made at the next start). */
  receive: StoredReceiveKey.nullable(),
  /**
   * (Format 4.) How far each other device's changes had been applied to this case log (device id → the last of
   * its changes merged), so that a save made after the app starts again, before its first sync, is told as made
   * from what the person saw (team/bridge.ts, `appliedUpTo`). Null: not known (a document from before).
   */
  applied: z.record(Hex(16), z.number().int().min(0)).nullable(),
})
export type TeamDoc = z.infer<typeof TeamDoc>

/**
 * One of the 256 parts of this device's dispute keys (src/main/team/dispute-keys.ts), by the key id's first
 * byte: `team-keys.<2 hex>`. A save that adds or destroys a key rewrites only its part.
 */
export const TeamKeysDoc = z.strictObject({ format: z.literal(1), keys: StoredKeyShard })
export type TeamKeysDoc = z.infer<typeof TeamKeysDoc>

/** The kinds of document, each with its schema at the current format. */
export const DOCUMENT_SCHEMAS = {
  index: IndexDoc,
  dispute: DisputeDoc,
  archive: ArchiveDoc,
  children: ChildrenDoc,
  directory: DirectoryDoc,
  policies: PoliciesDoc,
  settings: SettingsDoc,
  meeting: MeetingDoc,
  searchSegment: SearchSegmentDoc,
  searchTerms: SearchTermsDoc,
  summary: SummaryDoc,
  quarter: QuarterDoc,
  quarterTotals: QuarterTotalsDoc,
  quarterFigures: QuarterFiguresDoc,
  orgKey: OrgKeyDoc,
  team: TeamDoc,
  teamKeys: TeamKeysDoc,
} as const
export type DocumentKind = keyof typeof DOCUMENT_SCHEMAS
export type DocumentOf<K extends DocumentKind> = z.infer<(typeof DOCUMENT_SCHEMAS)[K]>

export const INDEX = 'index'
export const CHILDREN = 'children'
export const DIRECTORY = 'directory'
export const POLICIES = 'policies'
export const SETTINGS = 'settings'
export const ORG_KEY = 'org-key'
export const TEAM = 'team'
export const disputeDocId = (disputeId: string): string => `dispute.${disputeId}`
export const archiveDocId = (year: string): string => `archive.${year}`
export const meetingDocId = (disputeId: string): string => `meeting.${disputeId}`
export const searchSegmentDocId = (disputeId: string): string => `search.${disputeId}`
export const searchTermsDocId = (year: string): string => `search-terms.${year}`
export const summaryDocId = (year: string): string => `summary.${year}`
export const teamKeysDocId = (shard: string): string => `team-keys.${shard}`
/** A calendar quarter's document: `quarter.2026-4` is October to December 2026. */
export const quarterDocId = (key: string): string => `quarter.${key}`
export const QUARTER_TOTALS = 'quarter-totals'
/** A calendar quarter's counts (domain/quarter-counts.ts): `quarter-figures.2026-4`. */
export const quarterFiguresDocId = (key: string): string => `quarter-figures.${key}`

/** Which kind a stored document id names (dispute.<id>, archive.<year>, meeting.<id> and summary.<year> each share a kind). */
export function kindOf(docId: string): DocumentKind | null {
  if (docId.startsWith('dispute.')) return 'dispute'
  if (docId.startsWith('meeting.')) return 'meeting'
  if (docId.startsWith('archive.')) return 'archive'
  if (docId.startsWith('search.')) return 'searchSegment'
  if (docId.startsWith('search-terms.')) return 'searchTerms'
  if (docId.startsWith('summary.')) return 'summary'
  if (docId.startsWith('quarter.')) return 'quarter'
  if (docId === QUARTER_TOTALS) return 'quarterTotals'
  if (docId.startsWith('quarter-figures.')) return 'quarterFigures'
  if (docId === ORG_KEY) return 'orgKey'
  if (docId === TEAM) return 'team'
  if (/^team-keys\.[0-9a-f]{2}$/.test(docId)) return 'teamKeys'
  return docId === INDEX || docId === CHILDREN || docId === DIRECTORY || docId === POLICIES || docId === SETTINGS ? docId : null
}
