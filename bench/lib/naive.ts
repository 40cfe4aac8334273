/**
 * The naive design the issue compares against: the whole vault as ONE lowdb document, encrypted with
 * AES-256-GCM and rewritten on every save — as durably as ours (temp file, fsync, rename, fsync folder).
 * Same content as the real vault: the case log documents and the whole audit trail.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { open, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Low, type Adapter } from 'lowdb'
import {
  gateViews,
  type ArchiveDoc,
  type ChildrenDoc,
  type DisputeDoc,
  type IndexDoc,
} from '../../src/main/caselog'
import { bundledBankHolidays, createWorkingCalendar } from '../../src/main/domain/calendar'
import { dashboard } from '../../src/main/domain/disputes'
import { builtInPolicies } from '../../src/main/domain/policies'
import { approveRecord, createDraft, recordLabel } from '../../src/main/domain/records'
import type { Settings } from '../../src/shared/ipc'
import { collectGarbage, dist, mb, type Dist } from './stats'

export interface NaiveAuditEvent {
  seq: number
  at: string
  personId: string
  personName: string
  action: string
  subject?: string
  summary: string
}

export interface NaiveVault {
  format: 1
  settings: Settings
  index: IndexDoc
  archives: Record<string, ArchiveDoc>
  disputes: Record<string, DisputeDoc>
  children: ChildrenDoc
  audit: NaiveAuditEvent[]
}

const AAD = Buffer.from('escalation-log-naive-bench', 'ascii')

async function fsyncFolder(path: string): Promise<void> {
  const fh = await open(path, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** lowdb adapter: JSON.stringify everything, encrypt in one piece, write temp + fsync + rename + fsync folder. */
export class EncryptedWholeFile<T> implements Adapter<T> {
  /** Bytes of JSON text in the last read or write. */
  lastJsonBytes = 0

  constructor(
    private readonly file: string,
    private readonly key: Buffer,
  ) {}

  async read(): Promise<T | null> {
    let sealed: Buffer
    try {
      sealed = await readFile(this.file)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12))
    decipher.setAAD(AAD)
    decipher.setAuthTag(sealed.subarray(sealed.length - 16))
    const plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()])
    this.lastJsonBytes = plain.length
    return JSON.parse(plain.toString('utf8')) as T
  }

  async write(data: T): Promise<void> {
    const plain = Buffer.from(JSON.stringify(data), 'utf8')
    this.lastJsonBytes = plain.length
    const nonce = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce)
    cipher.setAAD(AAD)
    const body = Buffer.concat([cipher.update(plain), cipher.final()])
    const tmp = join(dirname(this.file), `${basename(this.file)}.tmp-${randomBytes(6).toString('hex')}`)
    const fh = await open(tmp, 'w', 0o600)
    try {
      await fh.writev([nonce, body, cipher.getAuthTag()])
      await fh.sync()
    } catch (e) {
      await fh.close()
      await unlink(tmp).catch(() => undefined)
      throw e
    }
    await fh.close()
    await rename(tmp, this.file)
    await fsyncFolder(dirname(this.file))
  }
}

export function openNaive(
  file: string,
  key: Buffer,
): { db: Low<NaiveVault>; adapter: EncryptedWholeFile<NaiveVault> } {
  const adapter = new EncryptedWholeFile<NaiveVault>(file, key)
  return { db: new Low<NaiveVault>(adapter, null as unknown as NaiveVault), adapter }
}

// ── measuring it ────────────────────────────────────────────────────────────────────────────────

export interface NaiveResult {
  /** Read + decrypt + parse the whole file, then the dashboard from it. */
  open: Dist
  jsonBytes: number
  memoryAfterOpen: { rssMB: number; heapUsedMB: number }
  /** Each: the change in memory, then the whole document stringified, encrypted and written durably. */
  saves: { record: Dist; approval: Dist; all: Dist }
  peakRssMB: number
}

export async function measureNaive(
  file: string,
  key: Buffer,
  opts: { now: string; opens: number; saves: number; log: (m: string) => void },
): Promise<NaiveResult> {
  const { db, adapter } = openNaive(file, key)
  const policies = builtInPolicies()
  const calendar = createWorkingCalendar({ bankHolidays: bundledBankHolidays() })
  const clock = { ms: Date.parse(opts.now) + 3_600_000 }
  const dashboardOf = (data: NaiveVault) =>
    dashboard(
      data.index.open.map((o) => data.disputes[o.id].dispute),
      {
        policies,
        now: new Date(clock.ms).toISOString(),
        calendar,
        recordsOf: (id) => gateViews(data.disputes[id]?.records ?? []),
      },
    )

  const opens: number[] = []
  let memoryAfterOpen = { rssMB: 0, heapUsedMB: 0 }
  for (let i = 0; i < opts.opens; i++) {
    db.data = null as unknown as NaiveVault
    collectGarbage()
    const started = performance.now()
    await db.read()
    dashboardOf(db.data)
    opens.push(performance.now() - started)
    if (i === 0) {
      collectGarbage()
      const m = process.memoryUsage()
      memoryAfterOpen = { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed) }
    }
  }
  opts.log(`naive open p50 ${dist(opens).p50.toFixed(0)} ms (${mb(adapter.lastJsonBytes)} MiB of JSON)`)

  const data = db.data
  const person = Object.keys(data.settings.profiles)[0]
  const actor = { personId: person, name: data.settings.profiles[person].name }
  const openIds = data.index.open.map((o) => o.id).sort()
  const audit = (action: string, subject: string, summary: string) =>
    data.audit.push({
      seq: data.audit.length + 1,
      at: new Date(clock.ms).toISOString(),
      personId: actor.personId,
      personName: actor.name,
      action,
      subject,
      summary,
    })
  const record: number[] = []
  const approval: number[] = []
  for (let i = 0; i < opts.saves; i++) {
    const id = openIds[i % openIds.length]
    const doc = data.disputes[id]
    clock.ms += 60_000
    let started = performance.now()
    const draft = createDraft(
      {
        kind: 'phone-call',
        stage: doc.dispute.currentStage ?? 'emergency',
        occurredAt: new Date(clock.ms - 600_000).toISOString(),
        contact: { name: 'Jo Bloggs', role: 'Social worker', agency: 'Northfield Children’s Services' },
        weSaid:
          'Discussed the referral decision; Jo will review it with her manager and call back by noon tomorrow.',
        answered: true,
      },
      { id: `naive${i}`, disputeId: id, author: actor, now: new Date(clock.ms) },
    )
    doc.records.push(draft)
    audit('record-drafted', doc.dispute.reference, `Draft started: ${recordLabel(draft)}`)
    await db.write()
    record.push(performance.now() - started)

    clock.ms += 60_000
    started = performance.now()
    const approved = approveRecord(draft, actor, { now: new Date(clock.ms) })
    doc.records[doc.records.length - 1] = approved
    audit('record-approved', doc.dispute.reference, `Approved: ${recordLabel(approved)}`)
    await db.write()
    approval.push(performance.now() - started)
    opts.log(
      `naive save ${2 * i + 2}/${2 * opts.saves}: ${record[i].toFixed(0)} ms, ${approval[i].toFixed(0)} ms`,
    )
  }
  return {
    open: dist(opens),
    jsonBytes: adapter.lastJsonBytes,
    memoryAfterOpen,
    saves: { record: dist(record), approval: dist(approval), all: dist([...record, ...approval]) },
    peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
  }
}
