/** Signing a Word export as it is saved (export-handlers.ts saveAs): the exporting person's key, certified by the organisation key. */
import { signDocx } from '../exports/verify/sign'
import type { Session } from './context'
import { documentSigner } from './signoff-keys'

export async function signExport(session: Session, now: string, bytes: Uint8Array): Promise<{ bytes: Buffer; code: string } | null> {
  const signer = await documentSigner(session, now)
  if (!signer) return null
  const { bytes: out, code } = await signDocx(bytes, signer)
  return { bytes: out, code }
}
