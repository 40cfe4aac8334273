export { certify, newOrgKeyPair, orgKeyFingerprint, signDocumentStatement } from '../../../../src/main/store/org-key'
export { newSigningKeyPair as newSigningKeyPairForTest } from '../../../../src/main/store/keys'
