/**
 * An invitation to a team vault (docs/team-vault.md, "Invitation file"): a file the owner saves and hands over
 * (by e-mail, a USB stick or the shared folder itself), useless without the one-time code the owner gives in
 * person. It reuses the local vault's invitation slot (store/slots.ts): the code, through Argon2id, opens a
 * box key that opens a random payload key; the payload, sealed under that key, carries everything else.
 *
 *   "ELTI" ‖ u8 version (1) ‖ u32 n ‖ n bytes of JSON text (the outer part) ‖ nonce (12) ‖ ciphertext ‖ tag (16)
 *
 * The outer part, `{"inviteId","teamId","createdAt","expiresAt","slot":{slotId,kdf,boxPublicKey,wrappedBoxKey,
 * sealedKey}}`, is the AAD of the payload, so none of it can be changed; it holds no name. The payload (JSON
 * text): the invitee's name and role, the inviting owner's name, device and signing key, the device id the
 * invitation pre-authorises and that invitation's join key (private half), the transport settings, every
 * epoch's key, and the member list (number, hash) that lists the invitation.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { open, seal, wipe } from '../store/crypto'
import type { KdfParams } from '../store/types'
import { makeInvitationSlot, newInvitationCode, openInvitationSlot } from '../store/slots'
import { TeamRole } from '../domain/team/members'

const MAGIC = Buffer.from('ELTI', 'ascii')
const Hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`))

export const TransportSettings = z.discriminatedUnion('kind', [
  /** A folder some other engine keeps in step: each machine chooses its own path to it, so none travels. */
  z.strictObject({ kind: z.literal('folder') }),
  z.strictObject({
    kind: z.literal('webdav'),
    url: z.string().url().max(2000),
    username: z.string().max(200),
    password: z.string().max(500),
  }),
])
export type TransportSettings = z.infer<typeof TransportSettings>

const Outer = z.strictObject({
  inviteId: Hex(8),
  teamId: Hex(16),
  createdAt: z.string().datetime(),
  expiresAt: z.string().datetime(),
  slot: z.strictObject({
    slotId: Hex(8),
    kdf: z.strictObject({
      algorithm: z.literal('argon2id'),
      version: z.literal(19),
      memoryKiB: z.number().int(),
      passes: z.number().int(),
      parallelism: z.number().int(),
      salt: z.string().regex(/^[0-9a-f]+$/),
    }),
    boxPublicKey: Hex(32),
    wrappedBoxKey: z.string().regex(/^[0-9a-f]+$/),
    sealedKey: z.string().regex(/^[0-9a-f]+$/),
  }),
})

export const InvitationPayload = z.strictObject({
  name: z.string().min(1).max(200),
  role: TeamRole,
  invitedBy: z.string().min(1).max(200),
  issuerDevice: Hex(16),
  issuerSigningKey: Hex(32),
  deviceId: Hex(16),
  joinKey: z.strictObject({ publicKey: Hex(32), privateKey: Hex(32) }),
  transport: TransportSettings,
  epochKeys: z.array(z.tuple([z.number().int().min(1), Hex(32)])).min(1),
  list: z.strictObject({ number: z.number().int().min(1), hash: Hex(32) }),
})
export type InvitationPayload = z.infer<typeof InvitationPayload>

export interface OpenedInvitation {
  inviteId: string
  teamId: string
  expiresAt: string
  payload: InvitationPayload
}

/** The slot's AAD binds it to the team rather than to a local vault, and to no names. */
const slotHeader = (teamId: string) => ({ vaultId: `team-${teamId}`, epoch: 1 })

export async function makeInvitationFile(
  o: { inviteId: string; teamId: string; createdAt: string; expiresAt: string; kdf: KdfParams },
  payload: InvitationPayload,
): Promise<{ bytes: Buffer; code: string }> {
  const code = newInvitationCode()
  const payloadKey = randomBytes(32)
  try {
    const s = await makeInvitationSlot(
      slotHeader(o.teamId),
      {
        inviteId: o.inviteId,
        personId: o.inviteId,
        name: 'invitee',
        createdAt: o.createdAt,
        expiresAt: o.expiresAt,
      },
      code,
      o.kdf,
      payloadKey,
      { personId: o.inviteId, name: 'owner' },
    )
    const outer = Outer.parse({
      inviteId: o.inviteId,
      teamId: o.teamId,
      createdAt: o.createdAt,
      expiresAt: o.expiresAt,
      slot: {
        slotId: s.slotId,
        kdf: s.kdf,
        boxPublicKey: s.boxPublicKey,
        wrappedBoxKey: s.wrappedBoxKey,
        sealedKey: s.sealedKey,
      },
    })
    const outerBytes = Buffer.from(JSON.stringify(outer), 'utf8')
    const len = Buffer.alloc(4)
    len.writeUInt32BE(outerBytes.length)
    const head = Buffer.concat([MAGIC, Buffer.from([1]), len, outerBytes])
    const body = seal(payloadKey, Buffer.from(JSON.stringify(InvitationPayload.parse(payload)), 'utf8'), head)
    return { bytes: Buffer.concat([head, body]), code }
  } finally {
    wipe(payloadKey)
  }
}

const notAnInvitation = () =>
  new AppError('invalid-input', 'That file is not an invitation to a team vault.', { field: 'file' })

/** Opens an invitation with its code; refused in words when the file is not one, has expired or the code is wrong. */
export async function openInvitationFile(bytes: Buffer, code: string, now: Date): Promise<OpenedInvitation> {
  if (bytes.length < 9 || bytes.length > 1_000_000 || !bytes.subarray(0, 4).equals(MAGIC) || bytes[4] !== 1)
    throw notAnInvitation()
  const n = bytes.readUInt32BE(5)
  if (9 + n > bytes.length) throw notAnInvitation()
  const head = bytes.subarray(0, 9 + n)
  let outer: z.infer<typeof Outer>
  try {
    outer = Outer.parse(JSON.parse(head.subarray(9).toString('utf8')))
  } catch {
    throw notAnInvitation()
  }
  if (now.getTime() >= Date.parse(outer.expiresAt))
    throw new AppError(
      'invitation-expired',
      'That invitation has expired. Ask the owner who made it for a new one.',
      { field: 'code' },
    )
  const slot = {
    ...outer.slot,
    inviteId: outer.inviteId,
    personId: outer.inviteId,
    name: 'invitee',
    createdAt: outer.createdAt,
    expiresAt: outer.expiresAt,
    createdBy: outer.inviteId,
    createdByName: 'owner',
  }
  const payloadKey = await openInvitationSlot(
    slotHeader(outer.teamId),
    slot,
    typeof code === 'string' ? code : '',
  )
  if (!payloadKey)
    throw new AppError(
      'wrong-code',
      'That code does not match the invitation. Check it with the person who gave it to you.',
      { field: 'code' },
    )
  try {
    const plain = open(payloadKey, bytes.subarray(9 + n), head)
    if (!plain) throw notAnInvitation()
    const payload = InvitationPayload.safeParse(JSON.parse(plain.toString('utf8')))
    if (!payload.success) throw notAnInvitation()
    return {
      inviteId: outer.inviteId,
      teamId: outer.teamId,
      expiresAt: outer.expiresAt,
      payload: payload.data,
    }
  } finally {
    wipe(payloadKey)
  }
}
