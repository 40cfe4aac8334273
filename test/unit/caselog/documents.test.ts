/**
 * Every stored document kind is parsed with its schema when read, and brought up from each earlier format
 * by its numbered migrations. The documents used here are the real v1 documents of the fixture vault
 * (test/fixtures/vault-v1), read with the store alone, so "from v1" means what a v1 vault actually holds.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { currentFormat, readDocument } from '../../../src/main/caselog'
import { MIGRATIONS } from '../../../src/main/caselog/migrations'
import { DOCUMENT_SCHEMAS, type DocumentKind } from '../../../src/main/caselog/documents'
import { inspectVault, openVault } from '../../../src/main/store'
import { whatEachSideSaid, wordsOfTheOtherAgency } from '../../../src/main/domain/records'
import { buildSegment, SegmentReader, TermsWriter } from '../../../src/main/domain/search-segments'
import { quarterlyFactsOf } from '../../../src/main/domain/quarterly-facts'
import { buildQuarterIndex, quarterFiguresOf } from '../../../src/main/caselog/quarter-index'

const FIXTURE = join(__dirname, '../../fixtures/vault-v1')
const KINDS = Object.keys(DOCUMENT_SCHEMAS) as DocumentKind[]
type Stored = Record<string, unknown>

let root: string
/** The fixture's stored documents as they are on disk, by kind (one of each). */
const v1 = new Map<DocumentKind, { docId: string; doc: Stored }>()

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'escalation-log-docs-'))
  cpSync(join(FIXTURE, 'vault'), join(root, 'vault'), { recursive: true })
  const inspected = await inspectVault(join(root, 'vault'))
  if (inspected.state !== 'present') throw new Error('the fixture vault was expected')
  const harriet = inspected.people.find((p) => p.name === 'Harriet Okonkwo')!
  const vault = await openVault(join(root, 'vault'), { personId: harriet.personId, passphrase: 'copper lantern orchard quietly', now: () => new Date('2026-11-10T09:00:00Z') })
  const ids = vault.documentIds()
  const pick = (prefix: string) => ids.find((id) => id === prefix || id.startsWith(`${prefix}.`))!
  for (const [kind, docId] of [
    ['index', 'index'],
    ['dispute', pick('dispute')],
    ['archive', pick('archive')],
    ['children', 'children'],
    ['directory', 'directory'],
    ['policies', 'policies'],
    ['settings', 'settings'],
  ] as [DocumentKind, string][])
    v1.set(kind, { docId, doc: (await vault.load<Stored>(docId))! })
  // Meetings came after the v1 fixture was written: a format-1 meeting document as this version writes it.
  const disputeId = pick('dispute').slice('dispute.'.length)
  v1.set('meeting', { docId: `meeting.${disputeId}`, doc: meetingDocV1(disputeId) })
  // The search index came after it too: a segment (at format 1, before snippet texts) and a term list.
  const hit = { kind: 'record' as const, title: 'Phone call', detail: 'ESC-2026-0001 · draft', disputeId, id: 'r1' }
  const { texts: _texts, ...segment } = buildSegment([{ hit, fields: ['Spoke to the duty social worker'] }])
  const terms = new TermsWriter(null)
  terms.replace(disputeId, null, { docs: 1, counts: new SegmentReader({ ...segment, texts: null }).counts() })
  v1.set('searchSegment', { docId: `search.${disputeId}`, doc: { format: 1, ...segment } })
  v1.set('searchTerms', { docId: 'search-terms.2026', doc: { format: 1, ...terms.data() } })
  // Summaries came after it too: the format-1 summary this version builds for that dispute's year.
  const dispute = readDocument('dispute', pick('dispute'), (await vault.load<Stored>(pick('dispute')))!).dispute
  v1.set('summary', {
    docId: `summary.${disputeId.slice(0, 4)}`,
    doc: JSON.parse(JSON.stringify({ format: 1, disputes: { [disputeId]: quarterlyFactsOf(dispute) }, children: { [dispute.childIds[0]!]: { settingName: 'Oak Primary', levelOfNeed: null } } })) as Stored,
  })
  // Quarter documents came after it too (issue 20): the format-1 documents this version builds from that summary.
  const built = buildQuarterIndex(new Map([[disputeId.slice(0, 4), readDocument('summary', `summary.${disputeId.slice(0, 4)}`, copy(v1.get('summary')!.doc))]]))
  const [quarterKey, quarterDoc] = [...built.quarters][0]!
  v1.set('quarter', { docId: `quarter.${quarterKey}`, doc: copy(quarterDoc as unknown as Stored) })
  v1.set('quarterTotals', { docId: 'quarter-totals', doc: copy(built.totals as unknown as Stored) })
  // Quarter figures came after them (issue 20): the format-1 counts this version builds from that quarter's document.
  v1.set('quarterFigures', { docId: `quarter-figures.${quarterKey}`, doc: copy(quarterFiguresOf(quarterKey, quarterDoc) as unknown as Stored) })
  // The organisation key came after it too (issue 21): a format-1 document as this version writes it.
  v1.set('orgKey', {
    docId: 'org-key',
    doc: {
      format: 1,
      publicKey: 'ab'.repeat(32),
      createdAt: '2026-12-02T09:00:00.000Z',
      createdBy: harriet.personId,
      holders: { [harriet.personId]: 'cd'.repeat(80) },
      certificates: [{ personId: harriet.personId, name: 'Harriet Okonkwo', signingKey: 'ef'.repeat(32), issuedAt: '2026-12-02T09:00:00.000Z', sig: '01'.repeat(64) }],
    },
  })
  // The team vault came after it too (issue 17): a format-1 document as this version writes it.
  const hex = (b: string, bytes: number) => b.repeat(bytes)
  v1.set('team', {
    docId: 'team',
    doc: {
      format: 1,
      teamId: hex('a1', 16),
      deviceId: hex('b2', 16),
      joinedAt: '2026-12-02T09:00:00.000Z',
      transport: { kind: 'folder', path: '/srv/team' },
      keys: [[1, hex('c3', 32)]],
      list: {
        teamId: hex('a1', 16),
        number: 1,
        prev: hex('00', 32),
        epoch: 1,
        issuedBy: harriet.personId,
        issuedAt: '2026-12-02T09:00:00.000Z',
        members: [{ personId: harriet.personId, name: 'Harriet Okonkwo', role: 'owner', signingKey: hex('d4', 32), boxKey: hex('e5', 32), devices: [hex('b2', 16)] }],
        pending: [],
        removed: [],
        epochKeys: { [harriet.personId]: hex('f6', 80) },
      },
      listHash: hex('07', 32),
      position: { seq: 0, prev: hex('00', 32), docSeq: 0 },
      outbox: [{ path: 'members/m-000000000001-0a0b0c0d.elt', bytes: 'AAEC' }],
    },
  })
  // Per-dispute keys came after it too: a format-1 part of the keyring as this version writes it.
  v1.set('teamKeys', { docId: 'team-keys.3c', doc: { format: 1, keys: { ['3c'.repeat(16)]: { key: '9a'.repeat(32), disputeId: '2026-4cd535b04ce9' } } } })
  await vault.lock()
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const refusal = (fn: () => unknown): AppError => {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('a refusal was expected')
}

function meetingDocV1(disputeId: string): Stored {
  const person = { name: 'Ada Chair', role: 'Head of Service', agency: 'Partnership' }
  return {
    format: 1,
    meeting: {
      disputeId,
      stage: 4,
      chair: { ...person, independent: true },
      date: '2026-11-20',
      time: '14:00',
      place: 'Room 2',
      attendees: [person],
      apologies: [],
      agenda: ['Positions', 'Decision'],
      question: 'Should the case be stepped up?',
      outcomeSought: 'A child protection strategy discussion',
      positions: { raising: { agency: 'School', stated: 'Our view', fromRecords: [] }, other: { agency: 'Children’s Services', stated: 'Their view', fromRecords: [] } },
      stageNotes: [{ stage: 1, tried: 'A call', whyNotResolved: 'No agreement' }],
      arrangedAt: '2026-11-10T09:00:00.000Z',
      arrangedBy: 'Harriet Okonkwo',
      updatedAt: '2026-11-10T09:00:00.000Z',
      decision: null,
      signOff: null,
      addenda: [],
    },
  }
}

const copy = (doc: Stored): Stored => JSON.parse(JSON.stringify(doc)) as Stored

/** One damage per kind: a field of the wrong type somewhere inside the document. */
const damage: Record<DocumentKind, (doc: Stored) => string> = {
  index: (d) => ((d.open as Stored[])[0]!.reference = 42 as unknown as string, 'open.0.reference'),
  dispute: (d) => (((d.records as Stored[])[0]!.status = 'half-approved'), 'records.0.status'),
  archive: (d) => {
    const [id] = Object.keys(d.disputes as Stored)
    ;((d.disputes as Record<string, Stored>)[id!]!.dispute as Stored).reference = null as unknown as string
    return `disputes.${id}.dispute.reference`
  },
  children: (d) => {
    const [id] = Object.keys(d.children as Stored)
    ;(d.children as Record<string, Stored>)[id!]!.childProtectionPlan = 'yes'
    return `children.${id}.childProtectionPlan`
  },
  directory: (d) => {
    const [id] = Object.keys(d.entries as Stored)
    delete (d.entries as Record<string, Stored>)[id!]!.agency
    return `entries.${id}.agency`
  },
  policies: (d) => (((d.extraClosures as Stored[])[0]!.date = 'the 20th'), 'extraClosures.0.date'),
  settings: (d) => ((d.autoLockMinutes = -5), 'autoLockMinutes'),
  meeting: (d) => (((d.meeting as Stored).stage = 'four'), 'meeting.stage'),
  searchSegment: (d) => (((d.hits as Stored[])[0]!.kind = 'memo'), 'hits.0.kind'),
  searchTerms: (d) => ((d.docs = -1), 'docs'),
  summary: (d) => {
    const [id] = Object.keys(d.disputes as Stored)
    ;(d.disputes as Record<string, Stored>)[id!]!.closedAt = 7
    return `disputes.${id}.closedAt`
  },
  quarter: (d) => {
    const [id] = Object.keys(d.disputes as Stored)
    ;(d.disputes as Record<string, Stored>)[id!]!.openedAt = false
    return `disputes.${id}.openedAt`
  },
  quarterTotals: (d) => {
    const [id] = Object.keys(d.policies as Stored)
    ;((d.policies as Record<string, Stored>)[id!]!.opened as Stored)['2026-4'] = -3
    return `policies.${id}.opened.2026-4`
  },
  quarterFigures: (d) => (((d.all as Stored).opened = -1), 'all.opened'),
  orgKey: (d) => (((d.certificates as Stored[])[0]!.sig = 'not hex'), 'certificates.0.sig'),
  team: (d) => ((((d.list as Stored).members as Stored[])[0]!.role = 'chair'), 'list.members.0.role'),
  teamKeys: (d) => {
    const [id] = Object.keys(d.keys as Stored)
    ;(d.keys as Record<string, Stored>)[id!]!.key = 'not hex'
    return `keys.${id}.key`
  },
}

describe('each stored document kind', () => {
  for (const kind of KINDS) {
    it(`${kind}: the v1 document reads at the current format`, () => {
      const { docId, doc } = v1.get(kind)!
      const read = readDocument(kind, docId, copy(doc)) as Stored
      expect(read.format).toBe(currentFormat(kind))
    })

    it(`${kind}: a damaged document is refused with an error naming the document and the field, never a default`, () => {
      const { docId, doc } = v1.get(kind)!
      const damaged = copy(doc)
      const path = damage[kind](damaged)
      const error = refusal(() => readDocument(kind, docId, damaged))
      expect(error.code).toBe('document-invalid')
      expect(error.field).toBe(docId)
      expect(error.message).toContain(`“${docId}”`)
      expect(error.message).toContain(path)
      expect(error.details?.map((d) => d.path)).toContain(path)
    })

    it(`${kind}: a field this version does not know is refused by name, not dropped at the next save`, () => {
      const { docId, doc } = v1.get(kind)!
      const error = refusal(() => readDocument(kind, docId, { ...copy(doc), retiredPolicies: [] }))
      expect(error.code).toBe('document-invalid')
      expect(error.message).toContain(`“${docId}”`)
      expect(error.message).toContain('retiredPolicies')
    })

    it(`${kind}: a document from a newer version, or not a document at all, is refused by name`, () => {
      const { docId, doc } = v1.get(kind)!
      const newer = { ...copy(doc), format: currentFormat(kind) + 1 }
      const tooNew = refusal(() => readDocument(kind, docId, newer))
      expect(tooNew.code).toBe('document-too-new')
      expect(tooNew.message).toContain(`“${docId}”`)
      expect(tooNew.message).toContain('Update Escalation Log')
      for (const junk of [null, 'text', [1, 2], 7]) expect(refusal(() => readDocument(kind, docId, junk)).code).toBe('document-invalid')
    })
  }

  it('refuses a document read as the wrong kind', () => {
    const { doc } = v1.get('children')!
    expect(refusal(() => readDocument('directory', 'children', copy(doc))).message).toContain('not a directory document')
  })

  it('numbers each kind’s migrations one after another from its earliest format', () => {
    for (const kind of KINDS) {
      const { earliest, steps } = MIGRATIONS[kind]
      expect(steps.map((s) => s.to)).toEqual(steps.map((_, i) => earliest + i + 1))
    }
  })
})

describe('migrations from the v1 fixture', () => {
  it('team 1 → 5: the team document gains the receive key (null: made at the next start), how far colleagues’ changes were applied and the last own change packed (null: not known); all else is kept', () => {
    const { docId, doc } = v1.get('team')!
    expect(doc.format).toBe(1)
    const read = readDocument('team', docId, copy(doc))
    expect(read).toEqual({ ...copy(doc), format: 5, receive: null, applied: null, position: { ...(doc.position as object), packedUpTo: null } })
  })

  it('archive 1 → 2: every archive lists its disposals and every archived dispute its retention decisions', () => {
    const { docId, doc } = v1.get('archive')!
    expect(doc.format).toBe(1)
    expect(doc.disposed).toBeUndefined()
    const read = readDocument('archive', docId, copy(doc))
    expect(read.format).toBe(currentFormat('archive'))
    expect(read.disposed).toEqual({})
    for (const entry of Object.values(read.disputes)) expect(entry.retention).toEqual([])
    // What was there is kept as it was (archive 2 → 3 adds only the circumstances' dates, 3 → 4 only who was involved at each stage).
    const v1Disputes = doc.disputes as Record<string, Stored>
    for (const [id, entry] of Object.entries(read.disputes)) {
      const { format: _f, circumstancePeriods: _c, notificationsNotNeeded: _n, stageHistory, ...rest } = entry.dispute
      const { format: _v1f, stageHistory: v1History, ...v1Rest } = v1Disputes[id]!.dispute as Stored
      expect(rest).toEqual(v1Rest)
      expect(stageHistory.map(({ ourSide: _o, theirSide: _t, ...visit }) => visit)).toEqual(v1History)
    }

    const withDecisions = copy(doc)
    const [id] = Object.keys(withDecisions.disputes as Stored)
    const decision = { decision: 'retain', reason: 'Court proceedings', retainUntil: '2060-01-01', decidedAt: '2051-01-01T09:00:00.000Z', decidedBy: 'Harriet Okonkwo' }
    ;(withDecisions.disputes as Record<string, Stored>)[id!]!.retention = [decision]
    withDecisions.disposed = { old: { reference: 'ESC-2026-0009', at: '2051-01-01T09:00:00.000Z', by: 'Harriet Okonkwo', reason: 'Review' } }
    const kept = readDocument('archive', docId, withDecisions)
    expect(kept.disputes[id!]!.retention).toEqual([decision])
    expect(Object.keys(kept.disposed)).toEqual(['old'])
  })

  it('dispute 1 → 2: each circumstance recorded on an old dispute holds from the day it opened, and nothing is settled as not needed', () => {
    const { docId, doc } = v1.get('dispute')!
    expect(doc.format).toBe(1)
    const stored = doc.dispute as Stored
    expect(stored.format).toBe(1)
    expect('circumstancePeriods' in stored).toBe(false)
    const read = readDocument('dispute', docId, copy(doc))
    expect(read.format).toBe(currentFormat('dispute'))
    expect(read.dispute.format).toBe(3) // the dispute's own format; its document is at 4 since countersignature asks
    const openedOn = read.dispute.stageHistory[0]!.enteredOn
    expect(read.dispute.circumstancePeriods).toEqual(
      (stored.childCircumstances as string[]).map((circumstance) => ({
        circumstance,
        from: openedOn,
        to: null,
        recordedAt: stored.openedAt,
        by: stored.openedBy,
        corrections: [],
      })),
    )
    expect(read.dispute.notificationsNotNeeded).toEqual([])
    // Everything else is as it was.
    expect(read.dispute.notificationsSent).toEqual(stored.notificationsSent)
    // (the records as dispute 2 → 3 leaves them: their one text kept, its speaker not recorded)
    expect(read.records.map((r) => r.whatWasSaid ?? '')).toEqual((doc.records as Stored[]).map((r) => r.whatWasSaid))
  })

  it('dispute 1 → 2: a dispute listing a circumstance twice gets one period for it', () => {
    const { docId, doc } = v1.get('dispute')!
    const twice = copy(doc)
    ;(twice.dispute as Stored).childCircumstances = ['lookedAfter', 'lookedAfter']
    const read = readDocument('dispute', docId, twice)
    expect(read.dispute.circumstancePeriods.map((p) => p.circumstance)).toEqual(['lookedAfter'])
  })

  it('archive 2 → 3: every archived dispute carries its circumstances as periods from its opening day', () => {
    const { docId, doc } = v1.get('archive')!
    const read = readDocument('archive', docId, copy(doc))
    expect(read.format).toBe(currentFormat('archive'))
    for (const [id, entry] of Object.entries(read.disputes)) {
      const v1Dispute = (doc.disputes as Record<string, Stored>)[id]!.dispute as Stored
      expect(entry.dispute.circumstancePeriods.map((p) => [p.circumstance, p.from, p.to])).toEqual(
        (v1Dispute.childCircumstances as string[]).map((c) => [c, entry.dispute.stageHistory[0]!.enteredOn, null]),
      )
      expect(entry.dispute.notificationsNotNeeded).toEqual([])
    }
  })

  it('dispute 1 → 2: a dispute too damaged to read its opening day is refused by name', () => {
    const { docId, doc } = v1.get('dispute')!
    const damaged = copy(doc)
    ;(damaged.dispute as Stored).stageHistory = []
    const error = refusal(() => readDocument('dispute', docId, damaged))
    expect(error.code).toBe('document-invalid')
    expect(error.message).toContain(`The document “${docId}” cannot be used: it could not be brought up to format ${currentFormat('dispute')}.`)
  })

  it('children 1 → 2: a plan or looked-after status recorded before dates were kept holds from an unknown day', () => {
    const { docId, doc } = v1.get('children')!
    expect(doc.format).toBe(1)
    const read = readDocument('children', docId, copy(doc))
    expect(read.format).toBe(2)
    const before = doc.children as Record<string, Stored>
    for (const [id, child] of Object.entries(read.children)) {
      const flags = (['childProtectionPlan', 'lookedAfter'] as const).filter((f) => before[id]![f] === true)
      expect(child.circumstanceHistory).toEqual(flags.map((circumstance) => ({ circumstance, from: null, to: null })))
      const { circumstanceHistory: _h, ...rest } = child
      expect(rest).toEqual(before[id])
    }
    // The fixture has one child on a plan and one looked after.
    expect(Object.values(read.children).flatMap((c) => c.circumstanceHistory.map((p) => p.circumstance)).sort()).toEqual(['childProtectionPlan', 'lookedAfter'])
  })

  it('policies 1 → 2: a vault from before policies could be retired has none retired; what it imported is kept', () => {
    const { docId, doc } = v1.get('policies')!
    expect(doc.format).toBe(1)
    expect('retired' in doc).toBe(false)
    const read = readDocument('policies', docId, copy(doc))
    expect(read).toMatchObject({ format: 2, retired: [], bankHolidays: null })
    expect(read.imported.map((p) => p.id)).toEqual(['testshire-scp'])
    expect(read.extraClosures).toEqual(doc.extraClosures)
  })

  it('settings 0 → 1: settings written without a format are tagged, and a setting they lack takes its default', () => {
    const { docId, doc } = v1.get('settings')!
    expect('format' in doc).toBe(false)
    expect(readDocument('settings', docId, copy(doc))).toMatchObject({ format: 4, autoLockMinutes: 15, retentionYears: 30, reminders: true })
    const older = copy(doc)
    delete older.retentionYears
    delete older.exportWarningAcknowledged
    expect(readDocument('settings', docId, older)).toMatchObject({ format: 4, retentionYears: 25, exportWarningAcknowledged: false, autoLockMinutes: 15 })
  })

  it('settings 1 → 2: people’s details as held in the vault start empty; no role is guessed from a profile', () => {
    const { docId, doc } = v1.get('settings')!
    const atOne = { ...copy(doc), format: 1, people: undefined }
    delete atOne.people
    const read = readDocument('settings', docId, atOne)
    expect(read.format).toBe(4)
    expect(read.people).toEqual({})
    // The profiles are carried over untouched, their roles included, as display preferences only.
    expect(read.profiles).toEqual((doc as { profiles: unknown }).profiles)
  })

  it('settings 2 → 3: a vault from before calendar exports has exported none, and nothing else changes', () => {
    const { docId, doc } = v1.get('settings')!
    const { reminders: _reminders, ...atTwo }: Record<string, unknown> = { ...readDocument('settings', docId, copy(doc)), format: 2 }
    const read = readDocument('settings', docId, copy(atTwo))
    expect(read).toEqual({ ...atTwo, format: 4, reminders: true })
    expect(read.calendarExport).toBeUndefined()
  })

  it('settings 3 → 4: a vault from before desktop reminders has them on, and nothing else changes', () => {
    const { docId, doc } = v1.get('settings')!
    const { reminders: _reminders, ...atThree }: Record<string, unknown> = { ...readDocument('settings', docId, copy(doc)), format: 3 }
    expect('reminders' in atThree).toBe(false)
    const read = readDocument('settings', docId, copy(atThree))
    expect(read).toEqual({ ...atThree, format: 4, reminders: true })
  })

  it('index 2 → 3: a vault from before lists no dispute needing a team decision, and nothing else changes', () => {
    const { docId, doc } = v1.get('index')!
    const atTwo = copy(doc)
    expect(atTwo.format).toBe(2)
    const read = readDocument('index', docId, copy(atTwo))
    expect(read).toEqual({ ...atTwo, format: 3, teamNotes: [] })
  })

  it('an index from before one document per dispute (format 1) is refused by name, not guessed at', () => {
    const error = refusal(() => readDocument('index', 'index', { format: 1, counters: {}, open: {} }))
    expect(error.code).toBe('document-invalid')
    expect(error.message).toBe('The document “index” cannot be used: its format (1) is older than any this version of Escalation Log can read.')
  })
})

/**
 * From format 2 (dispute) and 3 (archive): the documents of the v1 fixture as the version before who said
 * what read them, kept in test/fixtures/dispute-v2 (see its README).
 */
describe('migrations from the format-2 dispute fixture', () => {
  const V2 = join(__dirname, '../../fixtures/dispute-v2')
  const stored = (name: string): Stored => JSON.parse(readFileSync(join(V2, `${name}.json`), 'utf8')) as Stored
  const disputeNames = readdirSync(V2).filter((f) => f.startsWith('dispute.')).map((f) => f.replace(/\.json$/, ''))

  it('dispute 2 → 3: a record’s one text is kept as “speaker not recorded”, and no one’s words are guessed from it', () => {
    expect(disputeNames.length).toBe(3)
    let legacy = 0
    for (const name of disputeNames) {
      const doc = stored(name)
      expect(doc.format).toBe(2)
      const read = readDocument('dispute', name, copy(doc))
      expect(read.format).toBe(6)
      expect(read.dispute.format).toBe(3)
      // 5 → 6: the team has never touched a dispute from before team vaults.
      expect(read.team).toBeNull()
      const before = doc.records as Stored[]
      expect(read.records).toHaveLength(before.length)
      for (const [i, record] of read.records.entries()) {
        const was = before[i]!.whatWasSaid as string
        expect(record.theySaid).toBe('')
        expect(record.weSaid).toBe('')
        if (was.trim() === '') expect('whatWasSaid' in record).toBe(false)
        else {
          expect(record.whatWasSaid).toBe(was)
          legacy += 1
          // The other agency's words are never taken from it.
          expect(wordsOfTheOtherAgency(record)).toBeNull()
          expect(whatEachSideSaid(record)).toEqual([{ speaker: 'What was said (speaker not recorded)', text: was, side: 'not-recorded' }])
        }
        // Everything else the record held is as it was.
        // 3 → 4: no countersignature was asked of anyone on an old record.
        expect(record.countersignatureAsk).toBeNull()
        // 4 → 5: an old record has no files stored in the vault (they were noted by reference).
        expect(record.files).toEqual([])
        const { theySaid: _t, weSaid: _w, whatWasSaid: _s, countersignatureAsk: _a, files: _f, ...rest } = record
        const { whatWasSaid: _was, ...beforeRest } = before[i]!
        expect(rest).toEqual(beforeRest)
      }
    }
    expect(legacy).toBe(4)
  })

  it('dispute 2 → 3: no stage of an old dispute has anyone recorded as involved on either side', () => {
    for (const name of disputeNames) {
      const doc = stored(name)
      const read = readDocument('dispute', name, copy(doc))
      const visits = (doc.dispute as Stored).stageHistory as Stored[]
      expect(read.dispute.stageHistory).toHaveLength(visits.length)
      for (const [i, visit] of read.dispute.stageHistory.entries()) {
        expect(visit.ourSide).toBeNull()
        expect(visit.theirSide).toBeNull()
        const { ourSide: _o, theirSide: _t, ...rest } = visit
        expect(rest).toEqual(visits[i])
      }
    }
  })

  it('archive 3 → 4: every archived dispute reads at format 3 with no one recorded at any stage', () => {
    const doc = stored('archive.2026')
    expect(doc.format).toBe(3)
    const read = readDocument('archive', 'archive.2026', copy(doc))
    expect(read.format).toBe(4)
    expect(Object.keys(read.disputes).length).toBeGreaterThan(0)
    for (const entry of Object.values(read.disputes)) {
      expect(entry.dispute.format).toBe(3)
      for (const visit of entry.dispute.stageHistory) expect([visit.ourSide, visit.theirSide]).toEqual([null, null])
    }
  })

  it('dispute 2 → 3: a record too damaged to carry its text over is refused by name', () => {
    const [name] = disputeNames
    const damaged = stored(name!)
    ;(damaged.records as Stored[]).forEach((r) => delete r.whatWasSaid)
    if ((damaged.records as Stored[]).length === 0) return
    const error = refusal(() => readDocument('dispute', name!, damaged))
    expect(error.code).toBe('document-invalid')
    expect(error.message).toContain('it could not be brought up to format 6.')
  })

  it('team 2 → 3: a team document with files waiting to be sent reads unchanged; a stored file’s part may then wait as where it lies in the vault', () => {
    const atTwo = { ...copy(v1.get('team')!.doc), format: 2, receive: null }
    expect(readDocument('team', 'team', copy(atTwo as unknown as Stored))).toEqual({ ...atTwo, format: 5, applied: null, position: { ...(atTwo as unknown as { position: object }).position, packedUpTo: null } })
    const part = { path: 'devices/' + 'b2'.repeat(16) + '/docs/b000000/d-000000000001-0a0b0c0d.elt', part: { attachment: 'ab'.repeat(16), size: 10, offset: 0, length: 10, epoch: 1, hash: 'cd'.repeat(32) } }
    expect(readDocument('team', 'team', { ...copy(atTwo as unknown as Stored), format: 3, outbox: [part] }).outbox).toEqual([part])
  })

  it('team 3 → 4: how far each colleague’s changes had been applied is not known (null), and is then kept as written', () => {
    const atThree = { ...copy(v1.get('team')!.doc), format: 3, receive: null }
    expect(readDocument('team', 'team', copy(atThree as unknown as Stored))).toEqual({ ...atThree, format: 5, applied: null, position: { ...(atThree as unknown as { position: object }).position, packedUpTo: null } })
    const applied = { ['c4'.repeat(16)]: 12 }
    expect(readDocument('team', 'team', { ...copy(atThree as unknown as Stored), format: 4, applied }).applied).toEqual(applied)
    expect(() => readDocument('team', 'team', { ...copy(atThree as unknown as Stored), format: 4, applied: { 'not-a-device': 1 } })).toThrow()
  })

  it('team 4 → 5: the last of its own changes packed is not known (null: every closed run taken as packed, as before), and is then kept as written', () => {
    const atFour = { ...copy(v1.get('team')!.doc), format: 4, receive: null, applied: null }
    const read = readDocument('team', 'team', copy(atFour as unknown as Stored))
    expect(read.format).toBe(5)
    const before = (atFour as unknown as { position: object }).position
    expect(read.position).toEqual({ ...before, packedUpTo: null })
    const position = { ...before, packedUpTo: 256 }
    expect(readDocument('team', 'team', { ...copy(atFour as unknown as Stored), format: 5, position }).position.packedUpTo).toBe(256)
    expect(() => readDocument('team', 'team', { ...copy(atFour as unknown as Stored), format: 5, position: { ...position, packedUpTo: -1 } })).toThrow()
  })

  it('dispute 5 → 6: a dispute as the version before team vaults wrote it reads unchanged, with no team notes', () => {
    for (const name of disputeNames) {
      const { team: _team, ...atFive } = readDocument('dispute', name, copy(stored(name)))
      const read = readDocument('dispute', name, { ...copy(atFive as unknown as Stored), format: 5 })
      expect(read).toEqual({ ...atFive, format: 6, team: null })
    }
  })
})
