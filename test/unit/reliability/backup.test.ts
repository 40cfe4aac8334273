/**
 * Backups: an encrypted backup to a file and automatic rolling backups (the last N kept), restore into a
 * new folder with the whole audit chain verified; a backup that is damaged, altered, from another vault,
 * or aimed at a folder that is not empty is refused, naming what is wrong, and nothing is written.
 */
import { createHash, createHmac } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { type Vault } from '../../../src/main/store'
import {
  vaultBackupKey,
  createBackup,
  inspectBackup,
  listRollingBackups,
  restoreBackup,
  rollingBackupName,
  rollingSeqOf,
  writeRollingBackup,
} from '../../../src/main/store/backup'
import { journalPath, newVault, now, PASS, splitFrames, tempDir } from '../store/helpers'
import { aDispute, openTestApi, PASS as API_PASS, personOf, tree, type TestApi } from './helpers'

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`)
  return e
}

async function vaultWithHistory(n = 6, checkpointEvery = 1000): Promise<{ dir: string; vault: Vault }> {
  const made = await newVault({ checkpointEvery })
  for (let i = 1; i <= n; i++)
    await made.vault.commit({ action: 'save', summary: `change ${i}` }, [
      { docId: `case-${i % 3}`, data: { i, notes: `note ${i}` } },
    ])
  return made
}

const opts = (vault: Vault, extra: object = {}) => ({
  personId: vault.person.personId,
  passphrase: PASS,
  now,
  ...extra,
})

describe('a backup and its restore (store)', () => {
  it('restores every document and the whole audit trail into a new folder, and the copy carries on', async () => {
    const { dir, vault } = await vaultWithHistory(7, 3)
    const file = join(await tempDir(), 'backups', 'b.elbackup')
    const written = await createBackup(vault, file, { now })
    expect(written).toMatchObject({ file, vaultId: vault.vaultId, seq: 8 })
    expect(readdirSync(dirname(file))).toEqual(['b.elbackup']) // no temp file left beside it

    const target = join(await tempDir(), 'restored')
    const { vault: copy, chain, info } = await restoreBackup(file, target, opts(vault))
    expect(chain).toMatchObject({ ok: true, events: 9 }) // 8 + the restore's own unlock
    expect(info).toMatchObject({ vaultId: vault.vaultId, seq: 8, people: [vault.person] })
    expect(copy.vaultId).toBe(vault.vaultId)
    expect(copy.documentIds()).toEqual(vault.documentIds())
    for (const id of vault.documentIds()) expect(await copy.load(id)).toEqual(await vault.load(id))
    expect(copy.problems).toEqual([])
    await copy.commit({ action: 'save', summary: 'after restore' }, [{ docId: 'case-1', data: 'new' }])
    expect(await copy.verifyAuditChain()).toMatchObject({ ok: true, events: 10 })
    // The original is untouched by any of this.
    expect(await vault.verifyAuditChain()).toMatchObject({ ok: true, events: 8 })
    expect(existsSync(join(dir, 'vault.json'))).toBe(true)
  })

  it('is not readable without the key: no document text appears in the backup file', async () => {
    const { vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [
      { docId: 'case-1', data: { child: 'Zebedee Quartermaine' } },
    ])
    const file = join(await tempDir(), 'b.elbackup')
    await createBackup(vault, file, { now })
    expect(readFileSync(file).includes(Buffer.from('Zebedee'))).toBe(false)
  })

  it('makes a consistent copy while other saves are being committed', async () => {
    const { vault } = await vaultWithHistory(3)
    const out = await tempDir()
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        async (saves, delay) => {
          const pending = Array.from({ length: saves }, (_, i) =>
            vault.commit({ action: 'save', summary: `busy ${i}` }, [{ docId: `busy-${i % 2}`, data: { i } }]),
          )
          await new Promise((r) => setTimeout(r, delay))
          const file = join(out, `b-${saves}-${delay}-${Math.random()}.elbackup`)
          await createBackup(vault, file, { now })
          await Promise.all(pending)
          const target = join(out, `r-${Math.random()}`)
          const { vault: copy, chain } = await restoreBackup(file, target, opts(vault))
          expect(chain.ok).toBe(true)
          expect(copy.problems).toEqual([])
          for (const id of copy.documentIds()) await copy.load(id)
          await copy.lock()
        },
      ),
      { numRuns: 12 },
    )
  })

  it('refuses a folder that is not empty, and leaves it exactly as it was', async () => {
    const { vault } = await vaultWithHistory(2)
    const file = join(await tempDir(), 'b.elbackup')
    await createBackup(vault, file, { now })
    const target = await tempDir()
    writeFileSync(join(target, 'notes.txt'), 'mine')
    const before = tree(target)
    const err = await failure(restoreBackup(file, target, opts(vault)))
    expect(err).toMatchObject({ code: 'folder-not-empty', field: 'dir' })
    expect(tree(target)).toEqual(before)
  })

  it('refuses a wrong passphrase or an unknown person without writing anything', async () => {
    const { vault } = await vaultWithHistory(2)
    const file = join(await tempDir(), 'b.elbackup')
    await createBackup(vault, file, { now })
    const target = join(await tempDir(), 'r')
    expect(
      await failure(restoreBackup(file, target, opts(vault, { passphrase: 'not it at all' }))),
    ).toMatchObject({
      code: 'wrong-passphrase',
      field: 'passphrase',
    })
    expect(
      await failure(restoreBackup(file, target, opts(vault, { personId: '0123456789abcdef' }))),
    ).toMatchObject({
      code: 'person-not-found',
    })
    expect(existsSync(target)).toBe(false)
  })

  it('refuses a backup of a different vault when restoring a copy of this one', async () => {
    const a = await vaultWithHistory(2)
    const b = await vaultWithHistory(2)
    const file = join(await tempDir(), 'b.elbackup')
    await createBackup(b.vault, file, { now })
    const target = join(await tempDir(), 'r')
    const err = await failure(restoreBackup(file, target, opts(b.vault, { expectVaultId: a.vault.vaultId })))
    expect(err.code).toBe('backup-other-vault')
    expect(err.message).toMatch(/different vault/)
    expect(existsSync(target)).toBe(false)
  })

  it('refuses any byte flipped, any cut, or anything appended, saying the backup is damaged (property)', async () => {
    const { vault } = await vaultWithHistory(4)
    const dir = await tempDir()
    const file = join(dir, 'b.elbackup')
    await createBackup(vault, file, { now })
    const original = readFileSync(file)
    const target = join(dir, 'never')
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            kind: fc.constant('flip' as const),
            at: fc.nat(original.length - 1),
            bit: fc.integer({ min: 0, max: 7 }),
          }),
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat(original.length - 1) }),
          fc.record({
            kind: fc.constant('append' as const),
            extra: fc.uint8Array({ minLength: 1, maxLength: 64 }),
          }),
        ),
        async (damage) => {
          const bytes = Buffer.from(original)
          const damaged =
            damage.kind === 'flip'
              ? ((bytes[damage.at] ^= 1 << damage.bit), bytes)
              : damage.kind === 'cut'
                ? bytes.subarray(0, damage.at)
                : Buffer.concat([bytes, damage.extra])
          const f = join(dir, 'damaged.elbackup')
          await writeFile(f, damaged)
          const err = await failure(restoreBackup(f, target, opts(vault)))
          expect(err.code).toBe('backup-damaged')
          expect(err.message).toMatch(/^This backup cannot be used: .+ Nothing was restored\.$/)
          expect(existsSync(target)).toBe(false)
        },
      ),
      { numRuns: 120 },
    )
  })

  it('refuses a deliberate change whose checksum was recomputed (the key-based MAC catches it)', async () => {
    const { vault } = await vaultWithHistory(3)
    const dir = await tempDir()
    const file = join(dir, 'b.elbackup')
    await createBackup(vault, file, { now })
    const bytes = Buffer.from(readFileSync(file))
    const body = bytes.subarray(0, bytes.length - 64)
    body[body.length - 100] ^= 0x55 // inside the last document or the journal
    createHash('sha256')
      .update(body)
      .digest()
      .copy(bytes, bytes.length - 64)
    writeFileSync(file, bytes)
    const err = await failure(restoreBackup(file, join(dir, 'r'), opts(vault)))
    expect(err.code).toBe('backup-damaged')
    expect(err.message).toMatch(/altered since it was made/)
  })

  it('refuses a crafted backup that names a file outside the vault, even with a valid MAC', async () => {
    const { vault } = await vaultWithHistory(1)
    const dir = await tempDir()
    const file = join(dir, 'b.elbackup')
    await createBackup(vault, file, { now })
    // Rebuild the container with one extra entry "../escape.txt", re-signed with the real key.
    const bytes = readFileSync(file)
    const mlen = bytes.readUInt32BE(8)
    const manifest = JSON.parse(bytes.subarray(12, 12 + mlen).toString('utf8')) as {
      files: { name: string; size: number }[]
    }
    const payload = bytes.subarray(12 + mlen, bytes.length - 64)
    manifest.files.push({ name: '../escape.txt', size: 4 })
    const json = Buffer.from(JSON.stringify(manifest))
    const prefix = Buffer.from(bytes.subarray(0, 12))
    prefix.writeUInt32BE(json.length, 8)
    const body = Buffer.concat([prefix, json, payload, Buffer.from('evil')])
    const key = vaultBackupKey(vault)
    const crafted = Buffer.concat([
      body,
      createHash('sha256').update(body).digest(),
      createHmac('sha256', key).update(body).digest(),
    ])
    writeFileSync(file, crafted)
    const target = join(dir, 'inner', 'r')
    const err = await failure(restoreBackup(file, target, opts(vault)))
    expect(err.code).toBe('backup-damaged')
    expect(err.message).toMatch(/not part of a vault \(\.\.\/escape\.txt\)/)
    expect(existsSync(join(dir, 'inner', 'escape.txt'))).toBe(false)
    expect(existsSync(target)).toBe(false)
  })

  it('refuses a backup of a vault that was already damaged, naming the first bad audit entry, and writes nothing', async () => {
    const { dir, vault } = await vaultWithHistory(12, 5)
    await vault.lock()
    const original = await readFile(journalPath(dir))
    const frames = splitFrames(original)
    const edited = Buffer.from(original)
    edited[frames[0].length + frames[1].length + 40] ^= 0x04 // entry 3, before the checkpoint: unlock still works
    await writeFile(journalPath(dir), edited)
    const { openVault } = await import('../../../src/main/store')
    const damagedVault = await openVault(dir, opts(vault))
    const file = join(await tempDir(), 'b.elbackup')
    await createBackup(damagedVault, file, { now })
    const target = join(await tempDir(), 'r')
    const err = await failure(restoreBackup(file, target, opts(vault)))
    expect(err.code).toBe('backup-damaged')
    expect(err.message).toMatch(/audit trail does not verify \(Entry 3/)
    expect(existsSync(target)).toBe(false)
  })

  it('says what a backup holds before it is restored, and refuses what is not a backup', async () => {
    const { vault } = await vaultWithHistory(2)
    const dir = await tempDir()
    const file = join(dir, 'b.elbackup')
    await createBackup(vault, file, { now })
    expect(await inspectBackup(file)).toMatchObject({
      vaultId: vault.vaultId,
      seq: 3,
      people: [vault.person],
    })
    writeFileSync(join(dir, 'x.elbackup'), '{"not":"a backup"}')
    expect(await failure(inspectBackup(join(dir, 'x.elbackup')))).toMatchObject({ code: 'backup-damaged' })
    expect(await failure(inspectBackup(join(dir, 'missing.elbackup')))).toMatchObject({
      code: 'backup-not-found',
    })
    expect(await failure(inspectBackup('/dev/zero'))).toMatchObject({ code: 'backup-damaged' }) // never read for ever
    expect(await failure(inspectBackup(dir))).toMatchObject({ code: 'backup-damaged' })
    await appendFile(file, 'x')
    expect(await failure(inspectBackup(file))).toMatchObject({ code: 'backup-damaged' })
  })

  it('refuses to back up a locked vault', async () => {
    const { vault } = await vaultWithHistory(1)
    await vault.lock()
    expect((await failure(createBackup(vault, join(await tempDir(), 'b.elbackup'), { now }))).code).toBe(
      'vault-locked',
    )
  })
})

describe('rolling backups (store)', () => {
  it('keeps at least N of this vault, deleting only whole chains, and never touches other files in the folder', async () => {
    const { vault } = await vaultWithHistory(1)
    const folder = join(await tempDir(), 'rolling')
    mkdirSync(folder)
    const otherVault = rollingBackupName('f'.repeat(32), new Date('2020-01-01T00:00:00Z'), 1)
    writeFileSync(join(folder, otherVault), 'another vault')
    writeFileSync(join(folder, 'notes.txt'), 'mine')
    let t = Date.parse('2026-11-22T10:00:00Z')
    const clock = () => new Date((t += 60_000))
    for (let i = 0; i < 6; i++) {
      await vault.commit({ action: 'save', summary: `n${i}` }, [{ docId: 'a', data: i }])
      // A full copy every third backup (as if a week had passed), so there are chains to prune.
      await writeRollingBackup(vault, folder, 3, { now: clock, full: i % 3 === 0 })
    }
    const mine = await listRollingBackups(folder, vault.vaultId)
    // Two chains of three (a full copy and two increments); with keep 3 the older one can go whole.
    expect(mine).toHaveLength(3)
    expect(mine.map((n) => rollingSeqOf(n))).toEqual([6, 7, 8])
    expect(mine.map((n) => n.endsWith('-inc.elbackup'))).toEqual([false, true, true])
    expect(readdirSync(folder).sort()).toEqual([...mine, otherVault, 'notes.txt'].sort())
    // The newest restores to the newest state, through its chain.
    const { vault: copy } = await restoreBackup(join(folder, mine[2]), join(await tempDir(), 'r'), opts(vault))
    expect(await copy.load('a')).toBe(5)
  })
})

describe('backups through the handler table', () => {
  let t: TestApi
  beforeEach(async () => {
    t = await openTestApi()
  })
  afterEach(async () => t.cleanup())

  const root = () => dirname(t.vaultDir)
  const backupsDir = () => join(root(), 'vault-backups')

  it('writes a rolling backup beside the vault when it is created and unlocked, and every N changes', async () => {
    expect(readdirSync(backupsDir())).toHaveLength(1) // at creation
    const status = await t.call('backup.settings', { keep: 2, everyEvents: 3 })
    expect(status).toMatchObject({
      keep: 2,
      everyEvents: 3,
      folder: null,
      defaultFolder: backupsDir(),
      lastError: null,
    })
    await aDispute(t, 'Amy Example', 3) // child, dispute, 3 drafts, 1 approval: 6 events → 2 more backups
    const recent = (await t.call('backup.getSettings', {})).recent
    // The full copy made at creation and two increments continuing it: one chain, kept whole although keep is 2.
    expect(recent).toHaveLength(3)
    expect(recent.map((n) => n.endsWith('-inc.elbackup'))).toEqual([true, true, false])
    expect(readdirSync(backupsDir())).toEqual([...recent].reverse())
    // Settings persist with the vault.
    await t.call('vault.lock', {})
    const personId = (await t.call('vault.inspect', { dir: t.vaultDir })) as {
      people: { personId: string }[]
    }
    await t.call('vault.unlock', {
      dir: t.vaultDir,
      personId: personId.people[0].personId,
      passphrase: API_PASS,
    })
    expect(await t.call('backup.getSettings', {})).toMatchObject({ keep: 2, everyEvents: 3 })
  })

  it('reads its settings through a read channel, and refuses a change that changes nothing', async () => {
    const before = await t.call('backup.getSettings', {})
    const refusal = await t.refusal('backup.settings', {})
    expect(refusal.code).toBe('invalid-input')
    expect(refusal.message).toContain('Say which backup setting to change')
    expect(await t.call('backup.getSettings', {})).toEqual(before)
    expect((await t.refusal('backup.getSettings', { keep: 3 } as never)).code).toBe('invalid-input')
  })

  it('does not copy the vault again at an unlock when nothing but lock and unlock happened since the last backup', async () => {
    const personId = await personOf(t)
    await t.call('vault.lock', {})
    await t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: API_PASS })
    expect(readdirSync(backupsDir())).toHaveLength(1)
    await t.call('settings.update', { autoLockMinutes: 12 })
    await t.call('vault.lock', {})
    await t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: API_PASS })
    expect(readdirSync(backupsDir())).toHaveLength(2)
  })

  it('backs up to a chosen file, and restores it into a new folder with the dispute and its records', async () => {
    const { disputeId, recordIds } = await aDispute(t)
    const made = await t.call('backup.create', {})
    expect(made.file).toMatch(/Escalation Log backup \d{4}-\d{2}-\d{2}\.elbackup$/)
    expect((await t.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'backup-created' })
    const personId = await personOf(t)
    const info = await t.call('backup.inspect', { file: made.file })
    expect(info).toMatchObject({ sameVault: true, people: [{ personId }] })

    // The laptop is lost: with no vault unlocked, restore into a new folder and unlock it there.
    await t.call('vault.lock', {})
    const target = join(root(), 'restored')
    const restored = await t.call('backup.restore', {
      file: made.file,
      dir: target,
      personId,
      passphrase: API_PASS,
    })
    expect(restored).toMatchObject({ dir: target, problems: [] })
    expect(restored.events).toBeGreaterThan(5)
    await t.call('vault.unlock', { dir: target, personId, passphrase: API_PASS })
    const view = await t.call('disputes.get', { disputeId })
    expect(view.records.map((r) => r.id)).toEqual(recordIds)
    expect(view.records[0].status).toBe('approved')
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true })
  })

  it('with a vault unlocked, refuses a backup of another vault, a folder that is not empty, and a damaged file', async () => {
    const other = await openTestApi()
    try {
      const otherBackup = await other.call('backup.create', {})
      const personId = await personOf(t)
      const before = tree(root())
      const refused = await t.refusal('backup.restore', {
        file: otherBackup.file,
        dir: join(root(), 'r'),
        personId: await personOf(other),
        passphrase: API_PASS,
      })
      expect(refused.code).toBe('backup-other-vault')
      expect(tree(root())).toEqual(before)

      const mine = await t.call('backup.create', {})
      expect(
        (
          await t.refusal('backup.restore', {
            file: mine.file,
            dir: t.vaultDir,
            personId,
            passphrase: API_PASS,
          })
        ).code,
      ).toBe('folder-not-empty')
      const bytes = readFileSync(mine.file!)
      bytes[200] ^= 1
      writeFileSync(mine.file!, bytes)
      const damaged = await t.refusal('backup.restore', {
        file: mine.file,
        dir: join(root(), 'r2'),
        personId,
        passphrase: API_PASS,
      })
      expect(damaged.code).toBe('backup-damaged')
      expect(existsSync(join(root(), 'r2'))).toBe(false)
    } finally {
      await other.cleanup()
    }
  })

  it('a rolling backup that cannot be written never fails the save, and says why in the settings', async () => {
    writeFileSync(join(root(), 'not-a-folder'), 'x')
    await t.call('backup.settings', { folder: join(root(), 'not-a-folder', 'inside') })
    const { disputeId } = await aDispute(t, 'Amy Example', 1)
    expect((await t.call('disputes.get', { disputeId })).records).toHaveLength(1)
    const status = await t.call('backup.getSettings', {})
    expect(status.lastError).toMatch(/could not be saved/)
    // Pointing it somewhere writable clears the error with a backup at once.
    const ok = await t.call('backup.settings', { folder: join(root(), 'elsewhere') })
    expect(ok.lastError).toBeNull()
    expect(ok.recent).toHaveLength(1)
  })

  it('refuses relative paths (they would land wherever the app was started)', async () => {
    for (const [channel, input] of [
      ['backup.settings', { folder: 'backups' }],
      ['backup.inspect', { file: 'b.elbackup' }],
      ['backup.restore', { file: '/tmp/b.elbackup', dir: 'restored', personId: 'abc', passphrase: 'x' }],
      ['backup.restore', { file: 'b.elbackup', dir: '/tmp/restored', personId: 'abc', passphrase: 'x' }],
    ] as const) {
      // The contract refuses a relative vault folder itself; the handlers refuse the rest.
      const refused = await t.refusal(channel, input)
      expect(['path-not-absolute', 'invalid-input'], channel).toContain(refused.code)
      expect(['folder', 'file', 'dir'], channel).toContain(refused.field)
    }
  })

  it('refuses to back up while locked, and says so when there is nowhere to save', async () => {
    await t.call('vault.lock', {})
    expect((await t.refusal('backup.create', {})).code).toBe('vault-locked')
    expect((await t.refusal('backup.getSettings', {})).code).toBe('vault-locked')
  })
})
