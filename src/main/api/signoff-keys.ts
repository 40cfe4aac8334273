/**
 * The vault's organisation key as the handlers use it (store/org-key.ts has the cryptography, and
 * docs/vault-format.md "Organisation key" the stored shape). Who holds it: the person in the vault's first
 * key slot (the one who created it, or after their removal the longest-standing person) makes it the first
 * time they export or open Settings, and becomes its first holder; a holder can make anyone else a holder.
 * Each time a holder exports or opens Settings, every person whose signing key is not yet certified is
 * certified, in one audited save. Certificates are never removed.
 */
import { AppError } from '../../shared/errors'
import type { OrgKeyView } from '../../shared/ipc-signoff'
import type { OrgKeyDoc } from '../caselog/documents'
import { certify, newOrgKeyPair, orgKeyFingerprint, sealOrgKeyFor } from '../store/org-key'
import type { DocumentSigner } from '../exports/verify/sign'
import type { Session } from './context'

const certified = (doc: OrgKeyDoc, personId: string, signingKey: string): boolean =>
  doc.certificates.some((c) => c.personId === personId && c.signingKey === signingKey)

/**
 * The organisation key document, made or brought up to date first when the signed-in person may do so.
 * Never writes in a read-only vault (what is there is used as it is).
 */
export async function currentOrgKey(session: Session, now: string): Promise<OrgKeyDoc | undefined> {
  const { vault, caselog } = session
  const stored = await caselog.orgKey()
  const keys = vault.readOnly === null ? vault.documentKeys() : null
  if (!keys) return stored
  const me = vault.person.personId
  const people = vault.publicKeys()
  let doc = stored
  let priv: Buffer | null = null
  let made = false
  if (!doc) {
    if (people[0]?.personId !== me) return undefined
    const pair = newOrgKeyPair()
    const publicKey = pair.publicKey.toString('hex')
    priv = pair.privateKey
    doc = { format: 1, publicKey, createdAt: now, createdBy: me, holders: { [me]: sealOrgKeyFor(keys.boxPublicKey, priv, vault.vaultId, me, publicKey) }, certificates: [] }
    made = true
  } else if (doc.holders[me]) {
    priv = keys.openOrgKey(doc.holders[me], doc.publicKey)
  }
  if (!priv) return doc
  try {
    const owed = people.filter((p) => !certified(doc, p.personId, p.signingKey))
    if (owed.length === 0 && !made) return doc
    const next: OrgKeyDoc = {
      ...doc,
      certificates: [...doc.certificates, ...owed.map((p) => certify(priv as Buffer, vault.vaultId, { personId: p.personId, name: p.name, signingKey: p.signingKey, issuedAt: now }))],
    }
    const names = owed.map((p) => p.name).join(', ')
    await caselog.saveOrgKey(next, {
      action: 'org-key',
      summary: made
        ? `Made the vault’s organisation key (fingerprint ${orgKeyFingerprint(next.publicKey)}) and certified the signing keys of ${names}`
        : `Certified the signing key${owed.length === 1 ? '' : 's'} of ${names} with the organisation key`,
    })
    return next
  } finally {
    priv.fill(0)
  }
}

export function orgKeyView(session: Session, doc: OrgKeyDoc | undefined): OrgKeyView {
  const me = session.vault.person.personId
  const people = session.vault.publicKeys()
  const names = new Map(people.map((p) => [p.personId, p.name]))
  const keys = session.vault.documentKeys()
  return {
    fingerprint: doc ? orgKeyFingerprint(doc.publicKey) : null,
    holders: doc ? Object.keys(doc.holders).map((personId) => ({ personId, name: names.get(personId) ?? doc.certificates.findLast((c) => c.personId === personId)?.name ?? 'A person since removed' })) : [],
    youHoldIt: doc ? Object.hasOwn(doc.holders, me) : false,
    youAreCertified: doc !== undefined && keys !== null && certified(doc, me, keys.signingKey),
    madeBy: doc ? null : (people[0]?.name ?? null),
  }
}

/** Seals the organisation key to another person of the vault (the signed-in person must hold it). */
export async function addHolder(session: Session, personId: string, now: string): Promise<OrgKeyDoc> {
  const doc = await currentOrgKey(session, now)
  const me = session.vault.person.personId
  const keys = session.vault.documentKeys()
  if (!doc || !keys || !doc.holders[me]) throw new AppError('org-key-not-held', 'Only a holder of the organisation key can give it to someone else.')
  const person = session.vault.publicKeys().find((p) => p.personId === personId)
  if (!person) throw new AppError('person-not-found', 'That person can no longer unlock this vault.')
  if (doc.holders[personId]) return doc
  const priv = keys.openOrgKey(doc.holders[me], doc.publicKey)
  if (!priv) throw new AppError('org-key-not-held', 'Your copy of the organisation key cannot be opened, so you cannot give it to anyone.')
  try {
    const next: OrgKeyDoc = { ...doc, holders: { ...doc.holders, [personId]: sealOrgKeyFor(person.boxPublicKey, priv, session.vault.vaultId, personId, doc.publicKey) } }
    await session.caselog.saveOrgKey(next, { action: 'org-key', subject: personId, summary: `Gave ${person.name} the organisation key: they can now certify people’s signing keys` })
    return next
  } finally {
    priv.fill(0)
  }
}

/** What signs an export made now by the signed-in person; null for a key slot not yet upgraded. */
export async function documentSigner(session: Session, now: string): Promise<DocumentSigner | null> {
  const doc = await currentOrgKey(session, now)
  const keys = session.vault.documentKeys()
  if (!keys) return null
  const me = session.vault.person
  const cert = doc?.certificates.findLast((c) => c.personId === me.personId && c.signingKey === keys.signingKey)
  return {
    vaultId: session.vault.vaultId,
    seq: session.vault.position().seq,
    exportedAt: now,
    signer: { personId: me.personId, name: me.name, signingKey: keys.signingKey },
    certificate: cert && doc ? { ...cert, orgKey: doc.publicKey } : null,
    sign: (statement) => keys.sign(statement),
  }
}
