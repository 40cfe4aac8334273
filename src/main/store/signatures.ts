/**
 * Checking format-2 events' signatures (docs/vault-format.md, "Signatures"). Each event is signed by its author's
 * Ed25519 key; which key is a person's is read from the headers the journal itself carries, so the check needs
 * nothing but the journal. A person's signing key may be introduced once (vault created, upgrade, invitation
 * accepted, first unlock after the upgrade) and replaced only by the recovery key being used for them.
 */
import { parseHeaderV2, isLegacySlot, type VaultHeader } from './header'
import { verifySignature } from './keys'
import { signedBytes } from './journal'
import type { AuditEvent } from './types'

export class SignatureCheck {
  private keys = new Map<string, { key: string; name: string }>()

  constructor(
    private readonly vaultIdBytes: Buffer,
    header: VaultHeader | null = null,
  ) {
    if (header) this.keys = keysOf(header)
  }

  /** Null when the event is signed by its author (or is from before signing); otherwise why not, in words. */
  check(event: AuditEvent): string | null {
    if (event.sig === undefined) return null
    let keys = this.keys
    if (event.header !== undefined) {
      const header = parseHeaderV2(event.header)
      if (!header) return `entry ${event.seq} carries a list of people that cannot be read`
      const next = keysOf(header)
      for (const [personId, { key, name }] of next) {
        const before = this.keys.get(personId)
        if (before && before.key !== key && !(event.action === 'recovery-key-used' && event.subject === personId))
          return `entry ${event.seq} gives ${name} a different signing key without the recovery key being used, so it may have been forged`
      }
      keys = next
    }
    const author = keys.get(event.personId)
    if (!author)
      return `entry ${event.seq} is signed as ${event.personName}, who could not unlock the vault at the time, so it may have been forged`
    if (!verifySignature(Buffer.from(author.key, 'hex'), this.vaultIdBytes, signedBytes(event), Buffer.from(event.sig, 'hex')))
      return `entry ${event.seq} is in ${event.personName}'s name but is not signed with their key, so it may have been forged`
    this.keys = keys
    return null
  }
}

function keysOf(header: VaultHeader): Map<string, { key: string; name: string }> {
  const out = new Map<string, { key: string; name: string }>()
  for (const s of header.slots) if (!isLegacySlot(s)) out.set(s.personId, { key: s.signingPublicKey, name: s.name })
  return out
}
