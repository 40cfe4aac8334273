/**
 * Builds a synthetic vault (and, if asked, the naive single-file equivalent) from a seed.
 *
 * The documents go through the store: `vault.commit` with many documents per commit. The audit history
 * goes through the bench's bulk path (bulk-journal.ts), because the store has no bulk append. Setup uses
 * an unsynced VaultIo (setup-io.ts); nothing measured later uses it.
 *
 * The journal is arranged so that the first unlock has the longest possible tail to replay: the last
 * checkpoint is `checkpointTail(scale)` events behind the head (the store checkpoints every 250 events).
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { defaultSettings, type ChildrenDoc, type IndexDoc, type SettingsDoc } from '../../src/main/caselog'
import { createVault, KDF_FLOOR, openVault, type Vault } from '../../src/main/store'
import type { Settings } from '../../src/shared/ipc'
import { appendAuditEvents, unlockKeys } from './bulk-journal'
import { generateCaseLog, type SyntheticLog } from './generate'
import { DisputeStaging } from './staging'
import { EncryptedWholeFile, type NaiveVault } from './naive'
import { checkpointTail, type Scale } from './scales'
import { setupIo } from './setup-io'

export const PASSPHRASE = 'copper lantern orchard quietly'
export const PROFILE = {
  name: 'Harriet Okonkwo',
  role: 'Designated Safeguarding Lead',
  agency: 'Oak Hill Primary School',
}
/** Dispute documents per commit while building. */
const DISPUTES_PER_COMMIT = 250

export interface BuildInfo {
  scale: Scale['name']
  seed: number
  vaultDir: string
  passphrase: string
  personId: string
  packDisputeId: string
  openDisputes: number
  naive: { file: string; keyHex: string; jsonBytes: number; fileBytes: number } | null
  sizes: {
    journalEvents: number
    journalBytes: number
    documentFiles: number
    documentBytes: number
    recordsJsonBytes: number
    vaultBytes: number
  }
  timings: { generateMs: number; documentsMs: number; journalMs: number; naiveMs: number; totalMs: number }
  /** What appending the history through `vault.commit` would cost (measured on a scratch vault). */
  storeCommitCost: { unsyncedMsPerEvent: number; durableMsPerEvent: number; sampleEvents: number } | null
}

function folderBytes(dir: string): { files: number; bytes: number } {
  let files = 0
  let bytes = 0
  for (const name of readdirSync(dir)) {
    const s = statSync(join(dir, name))
    if (s.isDirectory()) {
      const inner = folderBytes(join(dir, name))
      files += inner.files
      bytes += inner.bytes
    } else {
      files++
      bytes += s.size
    }
  }
  return { files, bytes }
}

/**
 * The documents the case log would hold for this case log (see src/main/caselog/documents.ts), besides the
 * dispute documents and archives, which the staging holds (staging.ts).
 */
export function caseLogDocuments(log: SyntheticLog, staged: DisputeStaging, settings: Settings) {
  const index: IndexDoc = { format: 3, counters: log.counters, open: staged.open, teamNotes: [] }
  const children: ChildrenDoc = { format: 2, children: log.children }
  const settingsDoc: SettingsDoc = { ...settings, format: 4 }
  return { settings: settingsDoc, index, children }
}

/** Time per audit-only commit through the store: unsynced (setup io) and durable (the real io). */
async function sampleStoreCommits(root: string, events: number): Promise<BuildInfo['storeCommitCost']> {
  const per = async (io: 'setup' | 'real', n: number): Promise<number> => {
    const dir = join(root, `store-sample-${io}`)
    rmSync(dir, { recursive: true, force: true })
    const vault = await createVault(dir, {
      personName: PROFILE.name,
      passphrase: PASSPHRASE,
      kdf: KDF_FLOOR,
      now: () => new Date(),
      ...(io === 'setup' ? { io: setupIo() } : {}),
    })
    const started = performance.now()
    for (let i = 0; i < n; i++)
      await vault.commit(
        {
          action: 'record-approved',
          subject: 'ESC-2027-0001',
          summary: 'Approved: Phone call with Jo Bloggs on 3 Dec 2027',
        },
        [],
      )
    const ms = (performance.now() - started) / n
    await vault.lock()
    rmSync(dir, { recursive: true, force: true })
    return ms
  }
  return {
    unsyncedMsPerEvent: await per('setup', events),
    durableMsPerEvent: await per('real', Math.ceil(events / 20)),
    sampleEvents: events,
  }
}

export async function buildVault(
  scale: Scale,
  seed: number,
  workDir: string,
  options: { naive: boolean; sampleStoreCost: boolean },
): Promise<BuildInfo> {
  const began = performance.now()
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(workDir, { recursive: true })
  const vaultDir = join(workDir, 'vault')
  const startMs = Date.parse(scale.start)
  const clock = { ms: startMs - 86_400_000 }
  const now = () => new Date(clock.ms)

  // 1. The vault itself, through the store (events 1–2: vault-created, lock).
  const created = await createVault(vaultDir, {
    personName: PROFILE.name,
    passphrase: PASSPHRASE,
    kdf: KDF_FLOOR,
    now,
    io: setupIo(),
  })
  const person = created.person
  await created.lock()

  // 2. The case log, generated. Its events fill the journal up to the target, less what the store writes.
  const disputeCommits = Math.ceil(scale.disputes / DISPUTES_PER_COMMIT)
  const documentCommits = 1 + 1 + disputeCommits + 1 // settings+children, archives, disputes…, index
  const finalSeq = scale.auditEvents + checkpointTail(scale)
  const storeEvents = 2 + documentCommits + 1 // created, lock, the document commits, lock
  const t0 = performance.now()
  const staged = new DisputeStaging(join(workDir, 'staging'), DISPUTES_PER_COMMIT)
  const log = generateCaseLog(
    scale,
    seed,
    { personId: person.personId, name: PROFILE.name },
    finalSeq - storeEvents,
    (made) => staged.add(made),
  )
  staged.finish()
  if (staged.batches !== disputeCommits) throw new Error(`staged ${staged.batches} batches of disputes, expected ${disputeCommits}`)
  const generateMs = performance.now() - t0

  // 3. The history up to shortly before "now", in bulk.
  const ring = await unlockKeys(vaultDir, person.personId, PASSPHRASE)
  const split = Math.max(0, log.events.length - Math.min(500, Math.floor(log.events.length / 4)))
  const t1 = performance.now()
  await appendAuditEvents(vaultDir, ring, log.events.slice(0, split))
  let journalMs = performance.now() - t1

  // 4. The documents, through vault.commit.
  const t2 = performance.now()
  clock.ms = Date.parse(log.events[split - 1]?.at ?? scale.start) + 1000
  const settings: Settings = {
    ...defaultSettings(),
    profiles: { [person.personId]: PROFILE },
    exportWarningAcknowledged: true,
  }
  const docs = caseLogDocuments(log, staged, settings)
  const vault: Vault = await openVault(vaultDir, {
    personId: person.personId,
    passphrase: PASSPHRASE,
    now,
    io: setupIo(),
    auditUnlock: false,
  })
  await vault.commit({ action: 'settings', summary: 'Profile saved' }, [
    { docId: 'settings', data: docs.settings },
    { docId: 'children', data: docs.children },
  ])
  await vault.commit(
    { action: 'import', summary: 'Closed disputes archived' },
    staged.archives().map(([year, doc]) => ({ docId: `archive.${year}`, data: doc })),
  )
  for (const batch of staged.disputeBatches())
    await vault.commit(
      { action: 'import', summary: 'Disputes and their contact records imported' },
      batch.map((doc) => ({ docId: `dispute.${doc.dispute.id}`, data: doc })),
    )
  await vault.commit({ action: 'import', summary: 'Open disputes indexed' }, [
    { docId: 'index', data: docs.index },
  ])
  await vault.lock()
  const documentsMs = performance.now() - t2

  // 5. The newest events, leaving the longest tail since the last checkpoint.
  const t3 = performance.now()
  const end = await appendAuditEvents(vaultDir, ring, log.events.slice(split))
  journalMs += performance.now() - t3
  ring.wipe()
  if (end.seq !== finalSeq) throw new Error(`bench vault has ${end.seq} events, expected ${finalSeq}`)

  // 6. The naive equivalent: everything in one encrypted lowdb file.
  let naive: BuildInfo['naive'] = null
  let naiveMs = 0
  if (options.naive) {
    const t4 = performance.now()
    const key = randomBytes(32)
    const file = join(workDir, 'naive.db')
    const data: NaiveVault = {
      format: 1,
      settings,
      index: docs.index,
      // The naive design is one document holding everything: this alone reads the whole history back at once.
      archives: Object.fromEntries(staged.archives()),
      disputes: Object.fromEntries([...staged.disputeBatches()].flat().map((d) => [d.dispute.id, d])),
      children: docs.children,
      audit: log.events.map((e, i) => ({
        seq: i + 1,
        personId: person.personId,
        personName: PROFILE.name,
        ...e,
      })),
    }
    const adapter = new EncryptedWholeFile<NaiveVault>(file, key)
    await adapter.write(data)
    naive = {
      file,
      keyHex: key.toString('hex'),
      jsonBytes: adapter.lastJsonBytes,
      fileBytes: statSync(file).size,
    }
    naiveMs = performance.now() - t4
  }

  staged.remove()
  const storeCommitCost = options.sampleStoreCost ? await sampleStoreCommits(workDir, 2000) : null
  const documents = folderBytes(join(vaultDir, 'documents'))
  return {
    scale: scale.name,
    seed,
    vaultDir,
    passphrase: PASSPHRASE,
    personId: person.personId,
    packDisputeId: log.packDisputeId,
    openDisputes: docs.index.open.length,
    naive,
    sizes: {
      journalEvents: end.seq,
      journalBytes: end.journalBytes,
      documentFiles: documents.files,
      documentBytes: documents.bytes,
      recordsJsonBytes: staged.recordsJsonBytes,
      vaultBytes: folderBytes(vaultDir).bytes,
    },
    timings: { generateMs, documentsMs, journalMs, naiveMs, totalMs: performance.now() - began },
    storeCommitCost,
  }
}
