/**
 * The attachments fixture (test/fixtures/vault-attachments-v1/README.md) was written when attachment chunks
 * lived in documents/ and the checkpoint listed them one by one. Today's code must open it: the first unlock
 * on a folder that can be written moves the chunks to chunks/ and rewrites the checkpoint with the compact
 * chunk section; a read-only copy is read where it is. Every file reads back byte for byte, and a backup of
 * the migrated vault restores.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openVault, type Vault } from '../../../src/main/store'
import { readAttachment } from '../../../src/main/store/attachments'
import { createBackup, restoreBackup } from '../../../src/main/store/backup'
import { tree } from '../reliability/helpers'
import { failingIo, now, tempDir } from './helpers'

const FIXTURE = join(__dirname, '../../fixtures/vault-attachments-v1')
const PASSPHRASE = 'copper lantern orchard quietly'
const ids = JSON.parse(readFileSync(join(FIXTURE, 'ids.json'), 'utf8')) as { personId: string; disputeId: string }

interface StoredFile {
  id: string
  name: string
  size: number
}

async function copyOfFixture(): Promise<string> {
  const dir = join(await tempDir(), 'vault')
  cpSync(join(FIXTURE, 'vault'), dir, { recursive: true })
  return dir
}

async function filesOf(vault: Vault): Promise<StoredFile[]> {
  const doc = await vault.load<{ records: { files?: StoredFile[] }[] }>(`dispute.${ids.disputeId}`)
  return doc!.records.flatMap((r) => r.files ?? [])
}

async function readBack(vault: Vault, file: StoredFile): Promise<Buffer> {
  const parts: Buffer[] = []
  await readAttachment(vault, file.id, file.size, async (chunk) => {
    parts.push(Buffer.from(chunk))
  })
  return Buffer.concat(parts)
}

async function expectEveryFile(vault: Vault): Promise<void> {
  const files = await filesOf(vault)
  expect(files.map((f) => f.name).sort()).toEqual(['letter.docx', 'photo.jpg', 'report.pdf'])
  for (const f of files) expect((await readBack(vault, f)).equals(readFileSync(join(FIXTURE, 'files', f.name)))).toBe(true)
}

const open = (dir: string, extra = {}) => openVault(dir, { personId: ids.personId, passphrase: PASSPHRASE, now, ...extra })

describe('the attachments fixture of the layout before chunks/', () => {
  it('opens: its chunks move to chunks/, the checkpoint gets the compact section, every file reads back', async () => {
    const dir = await copyOfFixture()
    expect(readdirSync(join(dir, 'documents')).filter((n) => n.startsWith('att-'))).toHaveLength(3)
    const checkpoint = readFileSync(join(dir, 'checkpoint.enc'))
    const vault = await open(dir)
    expect(vault.problems).toEqual([])
    expect(readdirSync(join(dir, 'documents')).filter((n) => n.startsWith('att-'))).toEqual([])
    expect(readdirSync(join(dir, 'chunks'))).toHaveLength(3)
    expect(readFileSync(join(dir, 'checkpoint.enc')).equals(checkpoint)).toBe(false)
    expect(vault.documentIds().filter((id) => id.startsWith('att-'))).toEqual([])
    expect(vault.chunkIds()).toHaveLength(3)
    await expectEveryFile(vault)
    expect(await vault.tidyChunks()).toEqual([])
    expect((await vault.verifyAuditChain()).ok).toBe(true)
    await vault.lock()

    // Opened again from the new checkpoint alone (its tail holds no chunk), and backed up and restored.
    const again = await open(dir)
    await expectEveryFile(again)
    const backup = join(await tempDir(), 'fixture.elbackup')
    await createBackup(again, backup, { now })
    const restoredDir = join(await tempDir(), 'restored')
    const { vault: restored, chain } = await restoreBackup(backup, restoredDir, { personId: ids.personId, passphrase: PASSPHRASE, now })
    expect(chain.ok).toBe(true)
    expect(readdirSync(join(restoredDir, 'chunks')).sort()).toEqual(readdirSync(join(dir, 'chunks')).sort())
    await expectEveryFile(restored)
    await restored.lock()
    await again.lock()
  })

  it('opens read-only where it cannot be written: nothing moves, and the chunks are read from documents/', async () => {
    const dir = await copyOfFixture()
    const before = tree(dir)
    const vault = await open(dir, { io: failingIo(() => ({ code: 'EROFS', message: 'read-only file system' })) })
    expect(vault.readOnly).not.toBeNull()
    await expectEveryFile(vault)
    expect(await vault.tidyChunks()).toEqual([])
    await vault.lock()
    expect(tree(dir)).toEqual(before)
  })
})
