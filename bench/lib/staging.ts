/**
 * The generated disputes on their way into the vault, a batch at a time: the generator hands over each
 * dispute as it makes it (generate.ts), this writes each full batch of dispute documents to a scratch file
 * and each year's archive once the disputes move on to the next year (they come in the order they were
 * opened), and the build then commits them batch by batch. So neither the generator nor the build ever
 * holds more than one batch of records (~7 MB of JSON at ten years) — before, the whole ten years of
 * records (~140 MB of JSON, ~2.3 GB resident) were built in memory first and written after.
 *
 * The scratch files are the bench's own synthetic text, in its work folder, removed when the build ends.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ArchiveDoc, DisputeDoc, IndexDoc } from '../../src/main/caselog'
import type { GeneratedDispute } from './generate'

const yearOf = (disputeId: string): string => disputeId.slice(0, 4)

export class DisputeStaging {
  readonly open: IndexDoc['open'] = []
  recordsJsonBytes = 0
  private batch: DisputeDoc[] = []
  private readonly batchFiles: string[] = []
  private archive: { year: string; doc: ArchiveDoc } | null = null
  private readonly archiveFiles: [string, string][] = []

  constructor(
    private readonly dir: string,
    private readonly perBatch: number,
  ) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
  }

  add({ dispute, childNames, records }: GeneratedDispute): void {
    this.recordsJsonBytes += JSON.stringify(records).length
    this.batch.push({ format: 6, dispute, childNames, records, team: null })
    if (this.batch.length === this.perBatch) this.flushBatch()
    if (dispute.status === 'open') this.open.push({ id: dispute.id, reference: dispute.reference })
    else {
      const year = yearOf(dispute.id)
      if (this.archive && this.archive.year !== year) this.flushArchive()
      this.archive ??= { year, doc: { format: 4, disputes: {}, disposed: {} } }
      this.archive.doc.disputes[dispute.id] = { dispute, childNames, retention: [] }
    }
  }

  /** After the last dispute. */
  finish(): void {
    if (this.batch.length > 0) this.flushBatch()
    if (this.archive) this.flushArchive()
  }

  get batches(): number {
    return this.batchFiles.length
  }

  /** Each batch of dispute documents, read back one at a time. */
  *disputeBatches(): Generator<DisputeDoc[]> {
    for (const file of this.batchFiles) yield JSON.parse(readFileSync(file, 'utf8')) as DisputeDoc[]
  }

  /** Every year's archive, oldest first (they are committed together, as the case log keeps them). */
  archives(): [string, ArchiveDoc][] {
    return this.archiveFiles.map(([year, file]) => [year, JSON.parse(readFileSync(file, 'utf8')) as ArchiveDoc])
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  private flushBatch(): void {
    const file = join(this.dir, `disputes-${this.batchFiles.length}.json`)
    writeFileSync(file, JSON.stringify(this.batch))
    this.batchFiles.push(file)
    this.batch = []
  }

  private flushArchive(): void {
    const { year, doc } = this.archive!
    if (this.archiveFiles.some(([y]) => y === year)) throw new Error(`disputes of ${year} came after a later year's`)
    const file = join(this.dir, `archive-${year}.json`)
    writeFileSync(file, JSON.stringify(doc))
    this.archiveFiles.push([year, file])
    this.archive = null
  }
}
