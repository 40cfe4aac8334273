/**
 * Vault format 2 against the attacks of issue 12: an old vault.json put back (finding 2), a removed person's
 * copy of it (finding 3), forged attribution (finding 6); and the recovery key and invitations.
 */
import { appendFile, cp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { acceptInvitation, openVault, recoverWithKey, type Vault } from '../../../src/main/store'
import { decodeDocument } from '../../../src/main/store/documents'
import { nodeIo } from '../../../src/main/store/io'
import { parseHeaderV2 } from '../../../src/main/store/header'
import { encodeFrame, JOURNAL_FILE } from '../../../src/main/store/journal'
import { Keyring, Signer } from '../../../src/main/store/keys'
import { replay } from '../../../src/main/store/replay'
import { encodeHead, HEAD_FILE } from '../../../src/main/store/sealed-state'
import { openKeyring, openPersonSlot } from '../../../src/main/store/slots'
import { invitePerson, kdf, newVault, now, PASS, reopen, tempDir } from './helpers'

const SAM_PASS = 'sams own long passphrase'

async function code(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('expected a refusal')
}

async function folderBytes(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const walk = async (d: string, rel: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name), `${rel}${e.name}/`)
      else out.set(rel + e.name, (await readFile(join(d, e.name))).toString('base64'))
    }
  }
  await walk(dir, '')
  return out
}

async function waitForReencryption(vault: Vault): Promise<void> {
  for (let i = 0; i < 200 && vault.reencryption().remaining > 0; i++) await new Promise((r) => setTimeout(r, 20))
  expect(vault.reencryption().remaining).toBe(0)
}

describe('the header is bound to the journal', () => {
  it('an older vault.json (from before a passphrase change) is refused as rolled back, naming both versions', async () => {
    const { dir, vault } = await newVault()
    const old = await readFile(join(dir, 'vault.json'))
    await vault.changePassphrase(PASS, 'a brand new passphrase')
    await vault.lock()
    const current = await readFile(join(dir, 'vault.json'))
    await writeFile(join(dir, 'vault.json'), old)
    const err = await code(reopen(dir, vault))
    expect(err.code).toBe('header-rolled-back')
    expect(err.message).toMatch(/older copy \(version 1\).*version 2/)
    // Nothing was opened, and the current vault.json put back opens as before.
    await writeFile(join(dir, 'vault.json'), current)
    const reopened = await openVault(dir, { personId: vault.person.personId, passphrase: 'a brand new passphrase', now })
    expect(await reopened.verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('a header change whose audit event never reached the journal is undone at the next unlock, and says so', async () => {
    const { dir, vault } = await newVault()
    await vault.lock()
    const copy = join(await tempDir(), 'copy')
    await cp(dir, copy, { recursive: true })
    // Change the passphrase on the original, then give the copy (whose journal lacks the event) the new vault.json.
    const v = await reopen(dir, vault)
    await v.changePassphrase(PASS, 'a brand new passphrase')
    await v.lock()
    await writeFile(join(copy, 'vault.json'), await readFile(join(dir, 'vault.json')))
    const opened = await openVault(copy, { personId: vault.person.personId, passphrase: 'a brand new passphrase', now })
    expect(opened.problems.map((p) => p.message).join(' ')).toMatch(/interrupted before it was recorded .* undone.*previous passphrase/)
    await opened.lock()
    // The change is undone on disk: the previous passphrase opens it and the new one no longer does.
    expect((await code(openVault(copy, { personId: vault.person.personId, passphrase: 'a brand new passphrase', now }))).code).toBe('wrong-passphrase')
    const again = await openVault(copy, { personId: vault.person.personId, passphrase: PASS, now })
    expect(again.problems).toEqual([])
    expect(await again.verifyAuditChain()).toMatchObject({ ok: true })
  })
})

describe('removing a person re-keys the vault', () => {
  it('their old passphrase, on a copy of the old vault.json, reads nothing written after the removal', async () => {
    const { dir, vault: first } = await newVault()
    const { person: sam, vault } = await invitePerson(dir, first, 'Sam Patel', SAM_PASS)
    await vault.commit({ action: 'save', summary: 'before' }, [{ docId: 'before', data: { text: 'known to Sam' } }])
    const oldHeaderBytes = await readFile(join(dir, 'vault.json'))
    await vault.removePerson(sam.personId)
    await vault.commit({ action: 'save', summary: 'after' }, [{ docId: 'after', data: { text: 'not for Sam' } }])
    await waitForReencryption(vault)
    await vault.lock()

    // Through the app: the old vault.json is refused (and Sam is no longer listed in the current one).
    expect((await code(openVault(dir, { personId: sam.personId, passphrase: SAM_PASS, now }))).code).toBe('person-not-found')
    const copy = join(await tempDir(), 'copy')
    await cp(dir, copy, { recursive: true })
    await writeFile(join(copy, 'vault.json'), oldHeaderBytes)
    expect((await code(openVault(copy, { personId: sam.personId, passphrase: SAM_PASS, now }))).code).toBe('header-rolled-back')

    // Offline, with the store's own decoders: Sam's old slot yields only the first key, which opens no
    // document file now in the folder (both were re-encrypted or written under the new key) and no journal
    // entry from the removal on.
    const oldHeader = parseHeaderV2(oldHeaderBytes)!
    const slot = oldHeader.slots.find((s) => s.personId === sam.personId)!
    if ('legacyWrappedKey' in slot) throw new Error('unexpected legacy slot')
    const opened = (await openPersonSlot(oldHeader, slot, SAM_PASS))!
    const samsKeys = openKeyring(oldHeader, opened.epochKey)!
    const vaultIdBytes = Buffer.from(oldHeader.vaultId, 'hex')
    for (const name of await readdir(join(dir, 'documents'))) {
      const [docId, generation] = [name.split('.')[0]!, Number(name.split('.')[1])]
      const result = decodeDocument(samsKeys, vaultIdBytes, docId, generation, await readFile(join(dir, 'documents', name)))
      expect(result.ok, name).toBe(false)
    }
    const err = await code(replay(nodeIo, copy, { keyring: samsKeys, vaultIdBytes, v1LastSeq: 0 }, true))
    expect(err.code).toBe('header-rolled-back')
  })

  it('re-encryption resumes after a lock and leaves every document under the new key', async () => {
    const { dir, vault: first } = await newVault()
    const { person: sam, vault } = await invitePerson(dir, first, 'Sam Patel', SAM_PASS)
    for (let i = 0; i < 120; i++) await vault.commit({ action: 'save', summary: 's' }, [{ docId: `d${i}`, data: { i } }])
    const removal = vault.removePerson(sam.personId)
    await removal
    await vault.lock() // at once: the background re-encryption stops part-way
    const v = await reopen(dir, vault)
    await waitForReencryption(v)
    for (let i = 0; i < 120; i += 17) expect(await v.load(`d${i}`)).toEqual({ i })
    for (const name of await readdir(join(dir, 'documents'))) {
      const bytes = await readFile(join(dir, 'documents', name))
      expect(bytes.subarray(0, 4).toString('ascii')).toBe('ELD2')
      expect(bytes.readUInt32BE(20), name).toBe(1)
    }
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true, signedFrom: 1 })
  })
})

describe('the recovery key', () => {
  it('opens a vault whose passphrase is lost and sets a new one, audited; a wrong key changes nothing', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 1 }])
    const { code: recovery } = await vault.createRecoveryKey()
    expect(recovery).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/)
    await vault.lock()
    const before = await folderBytes(dir)
    const wrong = recovery.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))
    const refused = await code(recoverWithKey(dir, { code: wrong, personId: vault.person.personId, passphrase: 'a new passphrase', kdf, now }))
    expect(refused.code).toBe('wrong-recovery-key')
    expect(await folderBytes(dir)).toEqual(before)

    // Typed in lower case with spaces, as a person might.
    const typed = recovery.toLowerCase().replace(/-/g, ' ')
    const recovered = await recoverWithKey(dir, { code: typed, personId: vault.person.personId, passphrase: 'a new passphrase', kdf, now })
    expect(await recovered.load('a')).toBe(1)
    const actions = (await recovered.readAudit({ limit: 5 })).map((e) => e.action)
    expect(actions).toContain('recovery-key-used')
    await recovered.commit({ action: 'save', summary: 's' }, [{ docId: 'a', data: 2 }])
    expect(await recovered.verifyAuditChain()).toMatchObject({ ok: true })
    await recovered.lock()
    expect((await code(reopen(dir, vault))).code).toBe('wrong-passphrase')
    const v = await openVault(dir, { personId: vault.person.personId, passphrase: 'a new passphrase', now })
    expect(await v.load('a')).toBe(2)
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('still works after a re-key, without its code being typed again', async () => {
    const { dir, vault: first } = await newVault()
    const { code: recovery } = await first.createRecoveryKey()
    const { person: sam, vault } = await invitePerson(dir, first, 'Sam Patel', SAM_PASS)
    await vault.removePerson(sam.personId)
    await vault.lock()
    const v = await recoverWithKey(dir, { code: recovery, personId: vault.person.personId, passphrase: 'a new passphrase', kdf, now })
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true })
  })
})

describe('invitations', () => {
  it('cannot be completed without the code, after expiry, or once cancelled; nothing changes when refused', async () => {
    const { dir, vault } = await newVault()
    const { invitation, code: oneTime } = await vault.createInvitation({ name: 'Priya Shah', role: 'Deputy DSL', validForHours: 24 })
    expect(oneTime).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{6}$/)
    await vault.lock()
    const before = await folderBytes(dir)
    const wrong = await code(acceptInvitation(dir, { inviteId: invitation.inviteId, code: 'AAAA-AAAAAA', passphrase: 'priyas own passphrase', kdf, now }))
    expect(wrong.code).toBe('wrong-code')
    expect(await folderBytes(dir)).toEqual(before)
    const late = () => new Date(Date.parse(invitation.expiresAt) + 1000)
    expect((await code(acceptInvitation(dir, { inviteId: invitation.inviteId, code: oneTime, passphrase: 'priyas own passphrase', kdf, now: late }))).code).toBe('invitation-expired')
    expect(await folderBytes(dir)).toEqual(before)

    const priya = await acceptInvitation(dir, { inviteId: invitation.inviteId, code: oneTime, passphrase: 'priyas own passphrase', kdf, now })
    expect(priya.person.name).toBe('Priya Shah')
    expect(priya.invitations()).toEqual([])
    const added = (await priya.readAudit({ limit: 3 })).find((e) => e.action === 'person-added')!
    expect(added.personName).toBe('Priya Shah')
    await priya.lock()
    // A second use of the same code finds nothing to accept.
    expect((await code(acceptInvitation(dir, { inviteId: invitation.inviteId, code: oneTime, passphrase: 'x', kdf, now }))).code).toBe('invitation-not-found')

    const v = await reopen(dir, vault)
    const second = await v.createInvitation({ name: 'Tom Okafor', validForHours: 1 })
    await v.cancelInvitation(second.invitation.inviteId)
    await v.lock()
    expect((await code(acceptInvitation(dir, { inviteId: second.invitation.inviteId, code: second.code, passphrase: 'toms own passphrase', kdf, now }))).code).toBe('invitation-not-found')
  })
})

describe('signed attribution', () => {
  it('an event forged offline in another person’s name is refused at unlock, naming it', async () => {
    const { dir, vault: first } = await newVault()
    const { vault } = await invitePerson(dir, first, 'Sam Patel', SAM_PASS)
    const alex = vault.person
    await vault.lock()
    // Sam, who holds the vault's key but not Alex's signing key, writes an approval in Alex's name.
    const header = parseHeaderV2(await readFile(join(dir, 'vault.json')))!
    const samSlot = header.slots.find((s) => s.name === 'Sam Patel')!
    if ('legacyWrappedKey' in samSlot) throw new Error('unexpected legacy slot')
    const opened = (await openPersonSlot(header, samSlot, SAM_PASS))!
    const keyring: Keyring = openKeyring(header, opened.epochKey)!
    const vaultIdBytes = Buffer.from(header.vaultId, 'hex')
    const { position } = await replay(nodeIo, dir, { keyring, vaultIdBytes, v1LastSeq: 0 }, true)
    const forged = encodeFrame(
      keyring.current,
      vaultIdBytes,
      { seq: position.seq + 1, at: new Date().toISOString(), personId: alex.personId, personName: alex.name, action: 'record-countersigned', summary: 'Countersigned', docs: [], prev: position.hash },
      new Signer(opened.signing.privateKey, opened.signing.publicKey),
    )
    await appendFile(join(dir, JOURNAL_FILE), forged.frame)
    await writeFile(join(dir, HEAD_FILE), encodeHead(keyring.current, vaultIdBytes, { seq: position.seq + 1, hash: forged.hash, journalBytes: position.journalBytes + forged.frame.length }))
    const lockEvent = { seq: position.seq }
    const err = await code(reopen(dir, { personId: alex.personId }))
    expect(err.code).toBe('signature-invalid')
    expect(err.message).toContain(`entry ${lockEvent.seq + 1} is in Alex Morgan's name but is not signed with their key`)
  })
})

describe('rollbacks of part of the folder (finding 5)', () => {
  it('an old head.enc (from a backup) cannot hide the tail of the audit trail', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 'one' }, [{ docId: 'a', data: 1 }])
    const oldHead = await readFile(join(dir, HEAD_FILE))
    await vault.commit({ action: 'save', summary: 'two' }, [{ docId: 'a', data: 2 }])
    await vault.commit({ action: 'save', summary: 'three' }, [{ docId: 'b', data: 3 }])
    await vault.lock()
    const events = (await readFile(join(dir, JOURNAL_FILE))).length
    await writeFile(join(dir, HEAD_FILE), oldHead)
    const v = await reopen(dir, vault)
    expect((await v.readAudit({ limit: 10 })).map((e) => e.summary)).toEqual(expect.arrayContaining(['one', 'two', 'three']))
    expect(await v.load('a')).toBe(2)
    expect(await v.load('b')).toBe(3)
    expect((await readFile(join(dir, JOURNAL_FILE))).length).toBeGreaterThan(events)
    expect(await v.verifyAuditChain()).toMatchObject({ ok: true })
  })

  it('putting back an older journal and head deletes no document file written since: they are set aside', async () => {
    const { dir, vault } = await newVault()
    await vault.commit({ action: 'save', summary: 'one' }, [{ docId: 'a', data: 1 }])
    await vault.lock()
    const copy = join(await tempDir(), 'old')
    await cp(dir, copy, { recursive: true })
    const v = await reopen(dir, vault)
    await v.commit({ action: 'save', summary: 'two' }, [{ docId: 'a', data: 2 }, { docId: 'new-one', data: { x: 1 } }])
    await v.lock()
    const newer = (await readdir(join(dir, 'documents'))).filter((n) => n.startsWith('new-one.') || n === 'a.2.enc')
    expect(newer.sort()).toEqual(['a.2.enc', 'new-one.1.enc'])
    for (const f of [JOURNAL_FILE, HEAD_FILE, 'checkpoint.enc']) await cp(join(copy, f), join(dir, f)).catch(() => undefined)
    const rolled = await reopen(dir, vault)
    // The older journal names a.1, which was deleted after a.2 was saved: a is reported, and kept aside.
    expect(rolled.problems.map((p) => p.docId)).toEqual(['a'])
    expect(rolled.problems[0]!.message).toMatch(/set-aside/)
    expect((await readdir(join(dir, 'set-aside'))).sort()).toEqual(['a.2.enc', 'new-one.1.enc'])
    await rolled.lock()
  })
})
