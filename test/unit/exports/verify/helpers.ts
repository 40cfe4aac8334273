/** A document signer and an organisation key for verification tests (keys made fresh per run). */
import { newOrgKeyPair, newSigningKeyPairForTest, certify, orgKeyFingerprint, signDocumentStatement } from './keys-for-tests'
import type { DocumentSigner } from '../../../../src/main/exports/verify/sign'

export { newOrgKeyPair, orgKeyFingerprint }

export function testSigner(options: { vaultId?: string; personId?: string; name?: string; certifiedBy?: { publicKey: Buffer; privateKey: Buffer } } = {}): DocumentSigner & { orgFingerprint: string } {
  const vaultId = options.vaultId ?? 'a1b2c3d4e5f60718'
  const org = options.certifiedBy ?? newOrgKeyPair()
  const person = newSigningKeyPairForTest()
  const personId = options.personId ?? 'p-dsl'
  const name = options.name ?? 'Priya Shah'
  const signingKey = person.publicKey.toString('hex')
  const cert = certify(org.privateKey, vaultId, { personId, name, signingKey, issuedAt: '2026-12-02T09:00:00.000Z' })
  return {
    vaultId,
    seq: 42,
    exportedAt: '2026-12-02T10:15:00.000Z',
    signer: { personId, name, signingKey },
    certificate: { ...cert, orgKey: org.publicKey.toString('hex') },
    sign: (statement) => signDocumentStatement(Buffer.from(person.privateKey), statement),
    orgFingerprint: orgKeyFingerprint(org.publicKey.toString('hex')),
  }
}
