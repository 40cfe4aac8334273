/**
 * Signing an exported Word document: its canonical text (canonical.ts) is hashed, paragraph by paragraph
 * and as a whole, the exporting person signs the statement, and the block (block.ts) is written into the
 * file with its short code in the footer.
 */
import JSZip from 'jszip'
import { embedBlock, paragraphHash, shortCode, statementBytes, textHash, type UnsignedBlock, type VerificationBlock } from './block'
import { canonicalBytes, styledParagraphs } from './canonical'

export interface DocumentSigner {
  vaultId: string
  seq: number
  exportedAt: string
  signer: VerificationBlock['signer']
  certificate: VerificationBlock['certificate']
  sign(statement: Buffer): Buffer
}

export async function signDocx(bytes: Uint8Array, signer: DocumentSigner): Promise<{ bytes: Buffer; code: string; block: VerificationBlock }> {
  const zip = await JSZip.loadAsync(bytes)
  const documentXml = await zip.file('word/document.xml')?.async('string')
  if (documentXml === undefined) throw new Error('not a Word document: word/document.xml is missing')
  const title = /<dc:title>([^<]*)<\/dc:title>/.exec((await zip.file('docProps/core.xml')?.async('string')) ?? '')?.[1] ?? ''
  const styled = styledParagraphs(documentXml)
  const paragraphs = styled.map((p) => p.text)
  const unsigned: UnsignedBlock = {
    v: 1,
    vaultId: signer.vaultId,
    seq: signer.seq,
    exportedAt: signer.exportedAt,
    title,
    signer: signer.signer,
    certificate: signer.certificate,
    textHash: textHash(canonicalBytes(paragraphs)),
    paragraphs: paragraphs.map(paragraphHash).join(' '),
    sections: styled.flatMap((p, at) => (p.heading ? [{ at, title: p.text.slice(0, 200) }] : [])),
  }
  const block: VerificationBlock = { ...unsigned, sig: signer.sign(statementBytes(unsigned)).toString('hex') }
  await embedBlock(zip, block)
  const out = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
  return { bytes: out, code: shortCode(block.sig), block }
}
