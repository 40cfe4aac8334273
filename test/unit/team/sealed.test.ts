/**
 * The team vault's sealed files, read back with nothing but node:crypto and docs/team-vault.md ("Files"), and
 * every way a file can be damaged, moved or forged refused.
 */
import { createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, verify, createPublicKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bucketFolder, fileName, filesKey, openFile, parseFileName, sealFile, sealPart, type FileAddress } from '../../../src/main/team/sealed'
import { makeMembers, newTeamKey } from '../../support/team-devices'

const [asha, ben] = makeMembers(2)
const key = newTeamKey(3)
const fk = filesKey(key)
const at: FileAddress = { deviceId: asha!.deviceId, seq: 7, kind: 'segment' }
const plaintext = Buffer.from('{"prev":"…","seen":{},"events":[]}')
const file = sealFile(key, fk, at, plaintext, asha!.signer)
const keyFor = (epoch: number) => (epoch === 3 ? fk : null)

describe('team vault files', () => {
  it('read as docs/team-vault.md says, with node:crypto alone', () => {
    expect(file.subarray(0, 4).toString('ascii')).toBe('ELT1')
    expect(file.subarray(4, 20).toString('hex')).toBe(key.teamId)
    expect(file.readUInt32BE(20)).toBe(3)
    expect(file.subarray(24, 40).toString('hex')).toBe(asha!.deviceId)
    expect(file.readBigUInt64BE(40)).toBe(7n)
    expect(file[48]).toBe(1)
    const salt = Buffer.concat([Buffer.from(key.teamId, 'hex'), Buffer.from([0, 0, 0, 3])])
    const k = Buffer.from(hkdfSync('sha256', key.epochKey, salt, 'escalation-log/team/v1/files', 32))
    const body = file.subarray(0, file.length - 64)
    const d = createDecipheriv('aes-256-gcm', k, body.subarray(49, 61))
    d.setAAD(body.subarray(0, 49))
    d.setAuthTag(body.subarray(body.length - 16))
    expect(Buffer.concat([d.update(body.subarray(61, body.length - 16)), d.final()])).toEqual(plaintext)
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), asha!.publicKey])
    const signed = Buffer.concat([Buffer.from('escalation-log/v2/event'), Buffer.from(key.teamId, 'hex'), Buffer.from('escalation-log/team/v1/file'), body])
    expect(verify(null, signed, createPublicKey({ key: spki, format: 'der', type: 'spki' }), file.subarray(file.length - 64))).toBe(true)
  })

  it('open only at their own address, signed by their own device’s person, undamaged', () => {
    expect(openFile(key.teamId, file, at, asha!.publicKey, keyFor)).toMatchObject({ ok: true, plaintext, epoch: 3 })
    expect(openFile(key.teamId, file, { ...at, seq: 8 }, asha!.publicKey, keyFor)).toEqual({ ok: false, why: 'misnamed' })
    expect(openFile(key.teamId, file, { ...at, kind: 'document' }, asha!.publicKey, keyFor)).toEqual({ ok: false, why: 'misnamed' })
    expect(openFile(key.teamId, file, at, ben!.publicKey, keyFor)).toEqual({ ok: false, why: 'not-signed' })
    expect(openFile(newTeamKey().teamId, file, at, asha!.publicKey, keyFor)).toEqual({ ok: false, why: 'not-signed' })
    expect(openFile(key.teamId, file, at, asha!.publicKey, () => null)).toEqual({ ok: false, why: 'no-key' })
    expect(openFile(key.teamId, file.subarray(0, file.length - 1), at, asha!.publicKey, keyFor).ok).toBe(false)
    expect(openFile(key.teamId, file.subarray(0, 20), at, asha!.publicKey, keyFor)).toEqual({ ok: false, why: 'damaged' })
  })

  it('refuse every single flipped bit', () => {
    for (let i = 0; i < file.length; i += 3) {
      const copy = Buffer.from(file)
      copy[i] = (copy[i] as number) ^ (1 << i % 8)
      expect(openFile(key.teamId, copy, at, asha!.publicKey, keyFor).ok).toBe(false)
    }
  })

  it('a forged file sealed with the team key but signed by someone else is refused (a member cannot write as another)', () => {
    const forged = sealFile(key, fk, at, Buffer.from('{}'), ben!.signer)
    expect(openFile(key.teamId, forged, at, asha!.publicKey, keyFor)).toEqual({ ok: false, why: 'not-signed' })
  })

  it('have names that are unique, numbered and bucketed by 64', () => {
    expect(fileName('segment', 7, 'a1b2c3d4')).toBe('s-000000000007-a1b2c3d4.elt')
    expect(parseFileName('s-000000000007-a1b2c3d4.elt')).toEqual({ kind: 'segment', seq: 7 })
    expect(parseFileName('s-000000000007-a1b2c3d4.elt.tmp-abcdef')).toBeNull()
    expect(parseFileName('s-000000000000-a1b2c3d4.elt')).toBeNull()
    expect(bucketFolder(asha!.deviceId, 0)).toBe(`devices/${asha!.deviceId}/b000000`)
  })

  it('a stored file’s part (kind 6) is sealed under its dispute’s key, read as docs/team-vault.md says with node:crypto alone', () => {
    const dispute = { keyId: randomBytes(16).toString('hex'), key: randomBytes(32) }
    const bytes = Buffer.from('%PDF-1.7 the strategy meeting’s minutes')
    const part = sealPart(key, dispute, { deviceId: asha!.deviceId, seq: 4 }, bytes, asha!.signer, true)
    expect(part.length).toBe(bytes.length + 141)
    expect(part[48]).toBe(6)
    expect(part.readUInt32BE(20)).toBe(3)
    expect(part.readBigUInt64BE(40)).toBe(4n)
    const salt = Buffer.concat([Buffer.from(key.teamId, 'hex'), Buffer.from(dispute.keyId, 'hex')])
    const kPart = Buffer.from(hkdfSync('sha256', dispute.key, salt, 'escalation-log/team/v1/part', 32))
    const kNonce = Buffer.from(hkdfSync('sha256', dispute.key, salt, 'escalation-log/team/v1/part-nonce', 32))
    const body = part.subarray(0, part.length - 64)
    const aad = Buffer.concat([body.subarray(0, 49), Buffer.from(dispute.keyId, 'hex')])
    const nonce = createHmac('sha256', kNonce).update('escalation-log/team/v1/nonce').update(aad).update(createHash('sha256').update(bytes).digest()).digest().subarray(0, 12)
    expect(body.subarray(49, 61)).toEqual(nonce)
    const d = createDecipheriv('aes-256-gcm', kPart, nonce)
    d.setAAD(aad)
    d.setAuthTag(body.subarray(body.length - 16))
    expect(Buffer.concat([d.update(body.subarray(61, body.length - 16)), d.final()])).toEqual(bytes)
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), asha!.publicKey])
    const signed = Buffer.concat([Buffer.from('escalation-log/v2/event'), Buffer.from(key.teamId, 'hex'), Buffer.from('escalation-log/team/v1/file'), body])
    expect(verify(null, signed, createPublicKey({ key: spki, format: 'der', type: 'spki' }), part.subarray(part.length - 64))).toBe(true)
    // Sealed again from the same bytes at the same place: the same file, byte for byte.
    expect(sealPart(key, dispute, { deviceId: asha!.deviceId, seq: 4 }, bytes, asha!.signer, true)).toEqual(part)

    const at: FileAddress = { deviceId: asha!.deviceId, seq: 4, kind: 'part' }
    expect(openFile(key.teamId, part, at, asha!.publicKey, keyFor, dispute)).toMatchObject({ ok: true, plaintext: bytes })
    // Not with the epoch's key (as a document version it is misnamed; as a part without its dispute's key, no key),
    // nor with another dispute's key, nor with this key claimed under another key id.
    expect(openFile(key.teamId, part, { ...at, kind: 'document' }, asha!.publicKey, keyFor)).toEqual({ ok: false, why: 'misnamed' })
    expect(openFile(key.teamId, part, at, asha!.publicKey, keyFor)).toEqual({ ok: false, why: 'no-key' })
    expect(openFile(key.teamId, part, at, asha!.publicKey, keyFor, { keyId: dispute.keyId, key: fk })).toEqual({ ok: false, why: 'damaged' })
    expect(openFile(key.teamId, part, at, asha!.publicKey, keyFor, { keyId: dispute.keyId, key: randomBytes(32) })).toEqual({ ok: false, why: 'damaged' })
    expect(openFile(key.teamId, part, at, asha!.publicKey, keyFor, { keyId: randomBytes(16).toString('hex'), key: dispute.key })).toEqual({ ok: false, why: 'damaged' })
    expect(openFile(key.teamId, part, { ...at, seq: 5 }, asha!.publicKey, keyFor, dispute)).toEqual({ ok: false, why: 'misnamed' })
    expect(() => sealFile(key, fk, at, bytes, asha!.signer)).toThrow(/dispute/)
  })
})
