/**
 * Removing a person starts a new key epoch; live documents written under an earlier key are then re-encrypted
 * in the background, a batch per commit.
 */
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/errors'
import { isLegacySlot, nextRevision, type PersonKeySlot } from './header'
import { resealed, sealKeyring } from './slots'
import type { ReencryptionStatus } from './types'
import type { VaultCore } from './vault-core'

/** Documents re-encrypted per commit after a re-key: small enough that a save waits behind at most one batch. */
const REENCRYPT_BATCH = 50

/**
 * Removes a person and starts a new key epoch: a new random key, sealed to every remaining slot's public key
 * (no passphrase needed), the earlier keys kept in the keyring so the audit trail stays readable. Everything
 * written from here on is under the new key; live documents are re-encrypted in the background.
 * Resolves once the header is changed; `then` starts the re-encryption.
 */
export async function removePerson(core: VaultCore, personId: string): Promise<void> {
  core.assertUnlocked()
  return core.enqueue(async () => {
    core.assertUnlocked()
    const header = core.header
    const slot = header.slots.find((s) => s.personId === personId)
    if (!slot) throw new AppError('person-not-found', 'That person is not listed in this vault.')
    if (personId === core.person.personId)
      throw new AppError('cannot-remove-self', 'You cannot remove yourself: ask another person in the vault to do it.')
    if (header.slots.length === 1)
      throw new AppError('last-person', 'You cannot remove the last person — nobody could unlock the vault.')
    const epoch = header.epoch + 1
    const keyring = core.keyring.withNewEpoch(epoch, randomBytes(32))
    const key = keyring.current.dataKey
    const vaultId = core.vaultId
    const remaining = header.slots.filter((s) => s.personId !== personId)
    // A slot carried over from format 1 has no public key to seal the new key to: that person must be invited again.
    const stranded = remaining.filter(isLegacySlot)
    const slots = remaining.filter((s): s is PersonKeySlot => !isLegacySlot(s)).map((s) => resealed(vaultId, s, epoch, key))
    const unsigned = nextRevision(header, {
      epoch,
      slots,
      recovery: header.recovery ? resealed(vaultId, header.recovery, epoch, key) : null,
      invitations: header.invitations.map((i) => resealed(vaultId, i, epoch, key)),
    })
    unsigned.keyring = sealKeyring(vaultId, keyring)
    const also = stranded.length === 0 ? '' : `; ${stranded.map((s) => s.name).join(', ')} had not unlocked it since it was upgraded and must be invited again`
    await core.replaceHeader(
      unsigned,
      { action: 'person-removed', subject: personId, summary: `${slot.name} can no longer unlock the vault; it now uses a new key${also}` },
      { keyring },
    )
  })
}

/** The background re-encryption of one unlocked vault (one per VaultImpl). */
export class Reencryption {
  private running: Promise<void> | null = null
  private readonly skipped = new Set<string>()

  constructor(private readonly core: VaultCore) {}

  status(): ReencryptionStatus {
    this.core.assertUnlocked()
    return { remaining: this.staleDocuments().length }
  }

  private staleDocuments(): string[] {
    return this.core.manifest
      .staleIds(this.core.keyring.currentEpoch)
      .filter((id) => !this.skipped.has(id))
      .sort()
  }

  /**
   * Re-encrypts live documents written under an earlier key, a batch per commit, until none is left. Resumable:
   * which documents are stale is read from the manifest, so after a crash or a lock it carries on at the next
   * unlock. A document that cannot be read is left (and listed as a problem), not retried forever.
   */
  start(): Promise<void> {
    const core = this.core
    if (this.running || core.locked || core.readOnly !== null) return this.running ?? Promise.resolve()
    const run = async () => {
      while (!core.locked) {
        const batch = this.staleDocuments().slice(0, REENCRYPT_BATCH)
        if (batch.length === 0) return
        const staged: { docId: string; json: string; generation: number | undefined }[] = []
        for (const docId of batch) {
          try {
            const generation = core.manifest.get(docId)?.generation
            const json = await core.loadJson(docId, 0, false)
            if (json !== undefined) staged.push({ docId, json, generation })
            else this.skipped.add(docId)
          } catch (e) {
            if (core.locked) return
            this.skipped.add(docId)
            if (!(e instanceof AppError)) throw e
          }
        }
        if (staged.length === 0) continue
        await core.enqueue(async () => {
          if (core.locked) return
          // A save in between may already have re-encrypted some of them.
          const still = staged.filter((s) => (core.manifest.get(s.docId) as { epoch?: number } | undefined)?.epoch !== core.keyring.currentEpoch)
          // ...or written a new generation of one since it was read here: that one is not re-written from this copy.
          const fresh = still.filter((s) => s.generation !== undefined && core.manifest.get(s.docId)?.generation === s.generation)
          if (fresh.length === 0) return
          await core.commitNow(
            { action: 'documents-re-encrypted', summary: `${fresh.length} ${fresh.length === 1 ? 'document' : 'documents'} re-encrypted under the vault's new key` },
            fresh.map(({ docId, json }) => ({ docId, json })),
          )
        })
      }
    }
    this.running = run()
      .catch(() => undefined)
      .finally(() => {
        this.running = null
      })
    return this.running
  }
}
