/**
 * The verification block of an exported Word document, and where it lives in the file: the document's
 * custom properties (docProps/custom.xml), which Word and LibreOffice both keep through a save (File →
 * Properties → Custom in either). The block is JSON, base64-encoded and cut into pieces of at most
 * PIECE characters (EscalationLogVerification1, 2 …) so no editor meets one long property. The short code
 * derived from the signature is printed in every footer as "Verification code ABCD-EFGH".
 */
import { createHash } from 'node:crypto'
import type JSZip from 'jszip'
import type { OrgCertificate } from '../../store/org-key'

export const BLOCK_VERSION = 1
export const PROPERTY_PREFIX = 'EscalationLogVerification'
const PIECE = 2000

export interface VerificationBlock {
  v: typeof BLOCK_VERSION
  vaultId: string
  /** The audit trail's last entry when the document was exported (its own export entry comes next). */
  seq: number
  exportedAt: string
  /** The document's title as exported. */
  title: string
  signer: { personId: string; name: string; signingKey: string }
  /** The organisation key's certificate of the signer's key, and that key; null when no holder has certified it yet. */
  certificate: (OrgCertificate & { orgKey: string }) | null
  /** SHA-256 (hex) of the canonical text. */
  textHash: string
  /** Per canonical paragraph, the first 12 hex digits of its SHA-256, space-separated. */
  paragraphs: string
  /** Where each heading's section starts (an index into `paragraphs`) and the heading's words. */
  sections: { at: number; title: string }[]
  /** The signer's signature over `statementBytes(block)`, hex. */
  sig: string
}

export type UnsignedBlock = Omit<VerificationBlock, 'sig'>

export const paragraphHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12)
export const textHash = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

/** What the signer signs: every field of the block but the certificate (which the organisation key signs) and the signature. */
export function statementBytes(b: UnsignedBlock): Buffer {
  return Buffer.from(
    JSON.stringify([b.v, b.vaultId, b.seq, b.exportedAt, b.title, b.signer.personId, b.signer.name, b.signer.signingKey, b.textHash, b.paragraphs, b.sections.map((s) => [s.at, s.title])]),
    'utf8',
  )
}

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** Eight characters from the signature ("K7QD-M2XA"), without letters that read as digits. */
export function shortCode(sigHex: string): string {
  const digest = createHash('sha256').update(Buffer.from(sigHex, 'hex')).digest()
  let code = ''
  for (let i = 0; i < 8; i++) code += BASE32[digest[i] % 32]
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

export const footerCodeText = (code: string): string => `Verification code ${code}`

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const CUSTOM_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/custom-properties'
const VT_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes'
const FMTID = '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}'
const CUSTOM_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties'
const CUSTOM_TYPE = 'application/vnd.openxmlformats-officedocument.custom-properties+xml'

function pieces(block: VerificationBlock): string[] {
  const encoded = Buffer.from(JSON.stringify(block), 'utf8').toString('base64')
  const out: string[] = []
  for (let i = 0; i < encoded.length; i += PIECE) out.push(encoded.slice(i, i + PIECE))
  return out
}

/** Writes the block into the document's custom properties and its code into every footer. */
export async function embedBlock(zip: JSZip, block: VerificationBlock): Promise<void> {
  const customPath = 'docProps/custom.xml'
  let custom = (await zip.file(customPath)?.async('string')) ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="${CUSTOM_NS}" xmlns:vt="${VT_NS}"></Properties>`
  // An earlier block (a document signed twice) is replaced, never kept beside the new one.
  custom = custom.replace(new RegExp(`<property [^>]*name="${PROPERTY_PREFIX}\\d+"[^>]*>.*?</property>`, 'gs'), '')
  if (/<Properties[^>]*\/>/.test(custom)) custom = custom.replace(/<Properties([^>]*)\/>/, '<Properties$1></Properties>')
  const pids = [...custom.matchAll(/pid="(\d+)"/g)].map((m) => Number(m[1]))
  let pid = Math.max(1, ...pids)
  const props = pieces(block)
    .map((piece, i) => `<property fmtid="${FMTID}" pid="${++pid}" name="${PROPERTY_PREFIX}${i + 1}"><vt:lpwstr>${piece}</vt:lpwstr></property>`)
    .join('')
  custom = custom.replace('</Properties>', `${props}</Properties>`)
  zip.file(customPath, custom)

  const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? ''
  if (!types.includes('/docProps/custom.xml'))
    zip.file('[Content_Types].xml', types.replace('</Types>', `<Override PartName="/docProps/custom.xml" ContentType="${CUSTOM_TYPE}"/></Types>`))
  const rels = (await zip.file('_rels/.rels')?.async('string')) ?? ''
  if (!rels.includes(CUSTOM_REL))
    zip.file('_rels/.rels', rels.replace('</Relationships>', `<Relationship Id="rIdEscalationLogCustom" Type="${CUSTOM_REL}" Target="docProps/custom.xml"/></Relationships>`))

  const code = escapeXml(footerCodeText(shortCode(block.sig)))
  const footerParagraph = `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:color w:val="505A5F"/><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve">${code}</w:t></w:r></w:p>`
  for (const name of Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string')
    zip.file(name, xml.replace('</w:ftr>', `${footerParagraph}</w:ftr>`))
  }
}

/** The block's pieces from docProps/custom.xml, joined and parsed; null when there is none or it cannot be read. */
export function parseBlock(customXml: string): VerificationBlock | null {
  const found = [...customXml.matchAll(new RegExp(`<property [^>]*name="${PROPERTY_PREFIX}(\\d+)"[^>]*>\\s*<vt:lpwstr>([^<]*)</vt:lpwstr>`, 'g'))]
    .map((m) => ({ n: Number(m[1]), piece: m[2].replace(/\s+/g, '') }))
    .sort((a, b) => a.n - b.n)
  if (found.length === 0) return null
  try {
    const parsed = JSON.parse(Buffer.from(found.map((f) => f.piece).join(''), 'base64').toString('utf8')) as VerificationBlock
    if (parsed.v !== BLOCK_VERSION || typeof parsed.sig !== 'string' || typeof parsed.paragraphs !== 'string' || !Array.isArray(parsed.sections)) return null
    return parsed
  } catch {
    return null
  }
}

/** The verification codes printed in the footers (none when a footer was edited away). */
export function footerCodes(footerXml: string[]): string[] {
  const text = footerXml.map((x) => x.replace(/<[^>]+>/g, '')).join(' ')
  return [...text.matchAll(/Verification code ([A-Z0-9]{4}-[A-Z0-9]{4})/g)].map((m) => m[1])
}
