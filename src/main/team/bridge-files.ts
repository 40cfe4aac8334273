/**
 * Stored files (attachments, saved emails) between the case log and the team (docs/team-vault.md, "Stored
 * files"). A file's bytes travel as sealed document versions of at most 8 MiB each, written before the event
 * that names them; the event (`file-added`) names the file by its bytes' SHA-256 and size and lists the parts.
 * Each vault stores the bytes under its own keyed-hash name, so a local file and the team's are matched by
 * what both keep of it: its name, size, when it was added and by whom.
 *
 * - Telling: a file here that the team lacks is read (from the write about to commit, or the vault), sealed and
 *   told; a file the team holds on a draft here that the person removed is told as removed.
 * - Applying: a file the team holds that a record here lacks is fetched (one read per part), checked (each
 *   part's sealed hash and size, then the whole's SHA-256 and size) and stored as local chunks in the same
 *   commit as the record. One that has not arrived or arrived damaged is named in the team's problems and
 *   fetched again at the next apply; the record arrives meanwhile, without it.
 */
import { createHash } from 'node:crypto'
import type { RecordFile } from '../../shared/record-files'
import type { ContactRecord } from '../../shared/records'
import { recordLabel } from '../domain/records'
import type { TeamAction, TeamStoredFile } from '../domain/team/events'
import type { DisputeView, RecordFileView, RecordView } from '../domain/team/merge'
import type { DisputeDoc } from '../caselog/documents'
import type { DocumentChange, Vault } from '../store'
import { attachmentChunkCount, attachmentChunkId, attachmentPresent, deleteAttachmentChanges, readAttachment, stageAttachmentBytes } from '../store/attachments'
import type { TeamDevice } from './device'

type FileFacts = Pick<RecordFile, 'name' | 'size' | 'addedAt' | 'addedByPersonId'>
/** What a local file and the team's copy of it have in common (the bytes' names differ between vaults). */
const keyOf = (f: FileFacts): string => `${f.name}\u0000${f.size}\u0000${f.addedAt}\u0000${f.addedByPersonId}`

/** A file of a record that the team holds and this vault does not yet: why, in words. */
export interface AwaitedFile {
  /** The `file-added` event that names it. */
  eventId: string
  disputeId: string
  recordId: string
  name: string
  why: 'missing' | 'damaged'
  sentence: string
}

/** A local file's bytes: from the write about to commit (its chunk documents), else from the vault. */
export async function localFileBytes(vault: Vault, pending: readonly DocumentChange[], id: string, size: number): Promise<Buffer | null> {
  const staged = new Map(pending.flatMap((c) => ('data' in c ? [[c.docId, c.data]] : [])))
  const count = attachmentChunkCount(size)
  const chunks = Array.from({ length: count }, (_, i) => staged.get(attachmentChunkId(id, i)) as { data?: unknown } | undefined)
  if (chunks.every((c) => c && typeof c.data === 'string')) {
    const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c!.data as string, 'base64')))
    return bytes.length === size ? bytes : null
  }
  const out: Buffer[] = []
  try {
    await readAttachment(vault, id, size, async (chunk) => void out.push(Buffer.from(chunk)))
  } catch {
    return null
  }
  return Buffer.concat(out)
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/**
 * The file actions saving this dispute here tells the team: `now` what the team holds, `seen` what was last
 * applied here (what the person saw), `awaited` the team's files not yet stored here (never told as removed).
 */
export async function fileActions(
  doc: DisputeDoc,
  now: DisputeView | undefined,
  seen: DisputeView | undefined,
  device: TeamDevice,
  read: (id: string, size: number) => Promise<Buffer | null>,
  awaited: (eventId: string) => boolean,
  known: (sha: string, size: number, keyId: string | null) => TeamStoredFile['parts'] | null,
  /** False when every file is already committed to the vault: its parts are sealed again when sent, not held. */
  keep = true,
): Promise<TeamAction[]> {
  const out: TeamAction[] = []
  const mine = (eventId: string) => eventId.startsWith(`${device.deviceId}:`)
  // Nothing more of a dispute disposed of is sealed (a save here before its disposal was applied to the case log).
  if (device.isDisposed(doc.dispute.id)) return out
  for (const record of doc.records) {
    const of = (v: DisputeView | undefined): RecordView | undefined => v?.records.find((r) => r.recordId === record.id)
    const held = of(now)?.files ?? []
    const sawFiles = of(seen ?? now)?.files ?? []
    const gone = new Set([...(of(now)?.filesRemoved ?? []), ...(of(seen)?.filesRemoved ?? [])].map((f) => keyOf(f.file)))
    const local = record.files ?? []
    for (const f of local) {
      const key = keyOf(f)
      if (held.some((t) => keyOf(t.file) === key) || sawFiles.some((t) => keyOf(t.file) === key) || gone.has(key)) continue
      const bytes = await read(f.id, f.size)
      // A file damaged here cannot be sent; the vault's own check names it.
      if (!bytes) continue
      const hash = sha256(bytes)
      // Parts already sent are named again only if sealed under the key this dispute's parts go under now.
      const parts = known(hash, bytes.length, device.partKeyId(record.disputeId)) ?? device.putFile(bytes, { disputeId: record.disputeId, stored: { attachment: f.id, size: f.size }, keep })
      const file: TeamStoredFile = {
        sha256: hash,
        size: bytes.length,
        name: f.name,
        type: f.type,
        source: f.source,
        addedAt: f.addedAt,
        addedByPersonId: f.addedByPersonId,
        addedByName: f.addedByName,
        afterApproval: f.afterApproval,
        parts,
      }
      out.push({ kind: 'file-added', disputeId: record.disputeId, recordId: record.id, file })
    }
    if (record.status !== 'draft') continue
    const keys = new Set(local.map(keyOf))
    // Removed here: a file this device told, or one applied here (so the person saw it). Never one not applied
    // yet — arrived but still to be stored, or merged since the last apply (after a restart, until the first).
    const applied = of(seen)?.files ?? []
    const removed = held.filter(
      (t) => !t.file.afterApproval && !keys.has(keyOf(t.file)) && !awaited(t.eventId) && (mine(t.eventId) || applied.some((s) => s.eventId === t.eventId)),
    )
    if (removed.length > 0) out.push({ kind: 'file-removed', disputeId: record.disputeId, recordId: record.id, added: removed.map((t) => t.eventId) })
  }
  return out
}

/**
 * The parts of a file the team already holds with these bytes under the dispute key `keyId` (sent once, named
 * again), or null. Per dispute key, so that the same bytes attached in another dispute are sealed again under
 * that dispute's key: no dispute's key opens another's parts, and disposing of one leaves the other's readable.
 * `keyId` null (a device without dispute keys): parts under the epoch's files key, as before them.
 */
export function knownParts(views: Iterable<DisputeView>): (sha: string, size: number, keyId: string | null) => TeamStoredFile['parts'] | null {
  let index: Map<string, TeamStoredFile['parts']> | null = null
  const keyOfParts = (parts: TeamStoredFile['parts']): string | null | undefined => {
    const ids = new Set(parts.map((p) => p.keyId ?? null))
    return ids.size === 1 ? ([...ids][0] as string | null) : undefined
  }
  return (sha, size, keyId) => {
    if (!index) {
      index = new Map()
      for (const v of views)
        for (const r of v.records)
          for (const f of r.files) {
            const under = keyOfParts(f.file.parts)
            if (under !== undefined) index.set(`${under ?? ''}.${f.file.sha256}.${f.file.size}`, f.file.parts)
          }
    }
    return index.get(`${keyId ?? ''}.${sha}.${size}`) ?? null
  }
}

const localFile = (id: string, t: TeamStoredFile): RecordFile => ({
  id,
  name: t.name,
  type: t.type,
  size: t.size,
  source: t.source,
  addedAt: t.addedAt,
  addedByPersonId: t.addedByPersonId,
  addedByName: t.addedByName,
  afterApproval: t.afterApproval,
})

export interface FilesApplied {
  doc: DisputeDoc
  changes: DocumentChange[]
  /** Files stored here from the team by this apply. */
  stored: number
}

/**
 * The dispute's document with the team's files stored on its records (fetched, checked and staged as chunks to
 * commit with it) and the files removed from drafts taken off; null when its files do not change. `awaited`
 * receives each of its files still to come (cleared for this dispute first by the caller).
 */
export async function applyFiles(
  doc: DisputeDoc,
  view: DisputeView,
  vault: Vault,
  device: TeamDevice,
  nameOf: (deviceId: string) => string | null,
  staging: Set<string>,
  awaited: (f: AwaitedFile) => void,
): Promise<FilesApplied | null> {
  const changes: DocumentChange[] = []
  let changed = false
  let stored = 0
  const records: ContactRecord[] = []
  const dropped: RecordFile[] = []
  for (const record of doc.records) {
    const rv = view.records.find((r) => r.recordId === record.id)
    if (!rv || (rv.files.length === 0 && rv.filesRemoved.length === 0)) {
      records.push(record)
      continue
    }
    let files = [...(record.files ?? [])]
    if (record.status === 'draft') {
      const stay = new Set(rv.files.map((f) => keyOf(f.file)))
      const off = new Set(rv.filesRemoved.map((f: RecordFileView) => keyOf(f.file)).filter((k) => !stay.has(k)))
      const kept = files.filter((f) => !off.has(keyOf(f)))
      dropped.push(...files.filter((f) => off.has(keyOf(f))))
      if (kept.length !== files.length) changed = true
      files = kept
    }
    for (const t of rv.files) {
      if (files.some((f) => keyOf(f) === keyOf(t.file))) continue
      const got = await device.fetchFile(t.file, doc.dispute.id)
      if (!got.ok) {
        const writer = /^devices\/([0-9a-f]{32})\//.exec(got.path)?.[1] ?? ''
        const who = nameOf(writer) ?? `an unknown device (${writer.slice(0, 8)})`
        const what = got.why === 'missing' ? 'has not arrived yet' : 'is damaged or was changed on the way'
        awaited({
          eventId: t.eventId,
          disputeId: doc.dispute.id,
          recordId: record.id,
          name: t.file.name,
          why: got.why,
          sentence: `The file “${t.file.name}” of the record “${recordLabel(record)}” in ${doc.dispute.reference}, from ${who}’s device, ${what}. It will be fetched again at the next sync.`,
        })
        continue
      }
      const staged = stageAttachmentBytes(vault, doc.dispute.id, t.file.name, got.bytes, Number.MAX_SAFE_INTEGER)
      if (!staging.has(staged.name) && !attachmentPresent(vault, staged.name, staged.size)) changes.push(...staged.changes)
      staging.add(staged.name)
      files.push(localFile(staged.name, t.file))
      changed = true
      stored++
    }
    // In the order they were added, as on the device that added them (a file that came late takes its place).
    if (files !== record.files) files.sort((a, b) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : 0))
    records.push(files === record.files ? record : { ...record, files })
  }
  if (!changed) return null
  // A removed file's chunks go when no record of the dispute lists them any more.
  const inUse = new Set(records.flatMap((r) => (r.files ?? []).map((f) => f.id)))
  for (const f of dropped) {
    if (inUse.has(f.id) || staging.has(f.id)) continue
    staging.add(f.id)
    changes.push(...deleteAttachmentChanges(vault, f.id, f.size))
  }
  return { doc: { ...doc, records }, changes, stored }
}
