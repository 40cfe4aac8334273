/**
 * Vault format 1 (before key epochs and signed events): unlocking one, which upgrades it to format 2, and the
 * keyring its header's passphrase opens (for restoring a format-1 backup).
 */
import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import { headerTampered, vaultUnreadable, wrongPassphrase, writeFailed } from './errors'
import {
  FIRST_PREVIOUS,
  FORMAT_NAME,
  FORMAT_VERSION,
  HEADER_FILE,
  headerV1MacValid,
  kdfParams,
  serialiseHeader,
  signHeader,
  type KeySlotV1,
  type LegacyKeySlot,
  type VaultHeaderV1,
} from './header'
import { writeFileDurable } from './io'
import { isValidKdf } from './kdf'
import { Keyring } from './keys'
import { register } from './registry'
import { replay } from './replay'
import { tidyDocuments } from './tidy'
import { makePersonSlot, openLegacySlot, sealKeyring } from './slots'
import type { Vault } from './types'
import { VaultImpl, type VaultOptions } from './vault'
import { whyNotWritable } from './writable'

const legacy = (s: KeySlotV1): LegacyKeySlot => ({ slotId: s.slotId, personId: s.personId, name: s.name, kdf: s.kdf, legacyWrappedKey: s.wrappedKey })

/**
 * A format-1 vault: unlocked with its format-1 slot, replayed as format 1, then upgraded (when it can be written):
 * vault.json becomes format 2 — the unlocking person gets box and signing keys, everyone else's slot is carried as a
 * legacy slot until they next unlock — and the first format-2 event, signed, carries the new header. Nothing already
 * written is re-encrypted or rewritten: the journal's format-1 frames stay as they are, "before signing".
 */
export async function unlockFormat1(
  dir: string,
  o: VaultOptions,
  adv: { personId: string; auditUnlock?: boolean },
  v1: VaultHeaderV1,
  v1Bytes: Buffer,
  passphrase: string,
): Promise<Vault> {
  const { io } = o
  const slot = v1.slots.find((s) => s.personId === adv.personId)
  if (!slot) throw new AppError('person-not-found', 'That person is not listed in this vault.', { field: 'personId' })
  if (!isValidKdf(kdfParams(slot.kdf)))
    throw vaultUnreadable('its key settings have been changed to below the safe minimum, which suggests tampering.')
  const key = await openLegacySlot(v1.vaultId, legacy(slot), passphrase)
  if (!key) throw wrongPassphrase()
  const vaultIdBytes = Buffer.from(v1.vaultId, 'hex')
  const keyring = new Keyring(vaultIdBytes, [{ epoch: 0, key }], 0)
  let vault: VaultImpl | null = null
  try {
    if (!headerV1MacValid(keyring.current.sub('header'), v1)) throw headerTampered()
    const readOnly = await whyNotWritable(io, dir)
    const replayed = await replay(io, dir, { keyring, vaultIdBytes, v1LastSeq: Number.MAX_SAFE_INTEGER }, readOnly !== null)
    const person = { personId: slot.personId, name: slot.name }
    const { slot: upgraded, keys } = await makePersonSlot({ vaultId: v1.vaultId, epoch: 0 }, person, passphrase, kdfParams(slot.kdf), key, undefined, slot.slotId)
    const header = signHeader(keyring.current.sub('header'), {
      format: FORMAT_NAME,
      version: FORMAT_VERSION,
      vaultId: v1.vaultId,
      createdAt: v1.createdAt,
      revision: 1,
      previous: FIRST_PREVIOUS,
      epoch: 0,
      v1Journal: { seq: replayed.position.seq, bytes: replayed.position.journalBytes },
      slots: v1.slots.map((s) => (s.personId === person.personId ? upgraded : legacy(s))),
      recovery: null,
      invitations: [],
      keyring: sealKeyring(v1.vaultId, keyring),
    })
    const problems = await tidyDocuments(io, dir, replayed.manifest)
    vault = new VaultImpl({
      dir,
      header,
      person,
      keyring,
      ownKeys: keys,
      journalHeader: null,
      manifest: replayed.manifest,
      position: replayed.position,
      problems,
      options: o,
      readOnly,
    })
    if (readOnly === null) {
      if (replayed.headLags) await vault.repairHead()
      // vault.json first, then the event that records it; if the event cannot be written the format-1 file goes back.
      try {
        await writeFileDurable(io, join(dir, HEADER_FILE), serialiseHeader(header))
      } catch (e) {
        throw writeFailed('Upgrading the vault', e, 'checked')
      }
      try {
        await vault.appendSystemEvent({ action: 'vault-upgraded', summary: 'Vault upgraded to format 2: events from here on are signed' }, header)
      } catch (e) {
        await writeFileDurable(io, join(dir, HEADER_FILE), v1Bytes).catch(() => undefined)
        throw e
      }
      if (adv.auditUnlock !== false) await vault.appendSystemEvent({ action: 'unlock', summary: 'Vault unlocked' })
    }
    register(dir, vault)
    return vault
  } catch (e) {
    if (vault) await vault.lock().catch(() => undefined)
    else keyring.wipe()
    throw e
  }
}

/** The keyring `passphrase` opens in a format-1 header, with the header's MAC checked. Throws as unlock does. */
export async function format1Keyring(v1: VaultHeaderV1, personId: string, passphrase: string): Promise<Keyring> {
  const s = v1.slots.find((x) => x.personId === personId) as KeySlotV1
  const key = await openLegacySlot(v1.vaultId, legacy(s), passphrase)
  if (!key) throw wrongPassphrase()
  const keyring = new Keyring(Buffer.from(v1.vaultId, 'hex'), [{ epoch: 0, key }], 0)
  if (!headerV1MacValid(keyring.current.sub('header'), v1)) {
    keyring.wipe()
    throw headerTampered()
  }
  return keyring
}
