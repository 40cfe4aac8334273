/**
 * chunks/ is not listed at unlock (so 5,000 attachments cost an unlock nothing), so it is tidied in the
 * background instead, by the rules documents/ is tidied by at unlock: a chunk file no acknowledged save names is
 * set aside, never deleted; the leftover file of a deleted chunk is deleted; a live chunk whose file is gone is
 * a problem. It runs in the commit queue, so a save in progress is never mistaken for a leftover.
 */
import { copyFile, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { simulateProcessExit } from '../../../src/main/store/registry'
import { attachmentChunkId, readAttachment, stageAttachmentBytes } from '../../../src/main/store/attachments'
import type { Vault } from '../../../src/main/store'
import { chunkFiles, newVault, reopen } from './helpers'

const never = (): Promise<void> => new Promise<void>(() => undefined)

async function attach(vault: Vault, bytes: Buffer) {
  const staged = stageAttachmentBytes(vault, 'dispute-1', 'report.pdf', bytes, 4 * 1024 * 1024)
  await vault.commit({ action: 'attachment-added', summary: 'attached' }, staged.changes)
  return staged
}

async function readBack(vault: Vault, name: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = []
  await readAttachment(vault, name, size, async (c) => {
    parts.push(Buffer.from(c))
  })
  return Buffer.concat(parts)
}

describe('the tidy-up of chunks/', () => {
  it('sets aside a chunk a crash left unacknowledged, some seconds after unlock, and keeps every acknowledged one', async () => {
    let frozen = false
    const { dir, vault } = await newVault({ faults: { at: (p) => (frozen && p === 'documents-written' ? never() : undefined) } })
    const kept = await attach(vault, randomBytes(3000))
    frozen = true
    const lost = stageAttachmentBytes(vault, 'dispute-1', 'photo.jpg', randomBytes(2000), 4096)
    void vault.commit({ action: 'attachment-added', summary: 'attached' }, lost.changes)
    await new Promise((r) => setTimeout(r, 50))
    simulateProcessExit()
    expect(await chunkFiles(dir)).toEqual([`${attachmentChunkId(kept.name, 0)}.1.enc`, `${attachmentChunkId(lost.name, 0)}.1.enc`].sort())

    const again = await reopen(dir, vault, { tidyChunksAfterMs: 20 })
    expect(again.problems).toEqual([]) // unlock did not list chunks/
    expect(await chunkFiles(dir)).toHaveLength(2)
    await new Promise((r) => setTimeout(r, 200))
    expect(await chunkFiles(dir)).toEqual([`${attachmentChunkId(kept.name, 0)}.1.enc`])
    expect(await readdir(join(dir, 'set-aside'))).toEqual([`${attachmentChunkId(lost.name, 0)}.1.enc`])
    expect(again.problems).toEqual([])
    expect((await readBack(again, kept.name, kept.size)).length).toBe(3000)
    await again.lock()
  })

  it('deletes what is left of a deleted chunk, and names a live chunk whose file has gone', async () => {
    const { dir, vault } = await newVault()
    const gone = await attach(vault, randomBytes(100))
    const missing = await attach(vault, randomBytes(200))
    const leftover = join(dir, 'chunks', `${attachmentChunkId(gone.name, 0)}.1.enc`)
    const copy = `${leftover}.copy`
    await copyFile(leftover, copy)
    await vault.commit({ action: 'attachment-removed', summary: 'removed' }, [{ docId: attachmentChunkId(gone.name, 0), delete: true }])
    await vault.lock()
    await copyFile(copy, leftover) // as if the clean-up after the commit never ran
    await rm(copy)
    await rm(join(dir, 'chunks', `${attachmentChunkId(missing.name, 0)}.1.enc`))

    const again = await reopen(dir, vault, { tidyChunksAfterMs: 60_000 })
    const found = await again.tidyChunks()
    expect(found.map((p) => p.docId)).toEqual([attachmentChunkId(missing.name, 0)])
    expect(again.problems.map((p) => p.docId)).toEqual([attachmentChunkId(missing.name, 0)])
    expect(await chunkFiles(dir)).toEqual([])
    await again.lock()
  })

  it('runs between commits, never during one: attachments saved while it runs all stay', async () => {
    const { dir, vault } = await newVault()
    await attach(vault, randomBytes(500))
    await vault.lock()
    const again = await reopen(dir, vault, { tidyChunksAfterMs: 60_000 })
    const saves = Array.from({ length: 8 }, () => stageAttachmentBytes(again, 'dispute-1', 'x.bin', randomBytes(700), 4096))
    const commits = saves.map((s, i) => (i === 3 ? [again.tidyChunks(), again.commit({ action: 'a', summary: 'a' }, s.changes)] : [again.commit({ action: 'a', summary: 'a' }, s.changes)])).flat()
    await Promise.all(commits)
    expect(await chunkFiles(dir)).toHaveLength(9)
    for (const s of saves) expect((await readBack(again, s.name, s.size)).length).toBe(700)
    await again.lock()
  })
})
