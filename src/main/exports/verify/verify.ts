/**
 * Checking an exported Word document against its verification block, in words a DSL can act on:
 * verified (who signed, when, from which vault), or which parts differ — a changed paragraph named by the
 * section (record) it is in, a removed section, a block that belongs to another document — or that it is
 * from a vault this copy of the app has not been given.
 */
import { certificateValid, documentSignatureValid, orgKeyFingerprint } from '../../store/org-key'
import { formatDateTime } from '../../../shared/dates'
import { footerCodes, paragraphHash, parseBlock, shortCode, statementBytes, textHash, type VerificationBlock } from './block'
import { canonicalBytes, canonicalParagraphs } from './canonical'
import type { DocxParts } from './read-parts'

export interface TrustedVault {
  /** The organisation key's fingerprint (orgKeyFingerprint). */
  fingerprint: string
  /** Whose it is, in words: "this vault", or the name given when it was entered. */
  label: string
}

export interface VerifyContext {
  trusted: readonly TrustedVault[]
  /** The unlocked vault, if any: to say a signer has since been removed. */
  current?: { vaultId: string; personIds: readonly string[] }
}

export type VerifyOutcome = 'verified' | 'other-vault' | 'changed' | 'not-signed' | 'block-altered' | 'block-of-another-document' | 'not-certified'

export interface VerifyReport {
  outcome: VerifyOutcome
  /** One sentence that says it all. */
  headline: string
  /** Further sentences: each difference, the vault it is from, a signer since removed. */
  details: string[]
  code: string | null
  signedBy: string | null
  exportedAt: string | null
  vaultId: string | null
  fingerprint: string | null
  /** Whether the vault's organisation key is one this copy of the app was given. */
  trustedVault: boolean
}

const MAX_DIFFERENCES = 20
const quote = (text: string): string => `“${text.length > 90 ? `${text.slice(0, 87)}…` : text}”`

function sectionOf(block: VerificationBlock, index: number): string | null {
  let title: string | null = null
  for (const s of block.sections) if (s.at <= index) title = s.title
  return title
}

/** Longest common subsequence of two hash lists: pairs [i in stored, j in current], in order. */
function alignment(stored: readonly string[], current: readonly string[]): [number, number][] | null {
  const n = stored.length
  const m = current.length
  if (n * m > 16_000_000) return null
  const table = new Uint16Array((n + 1) * (m + 1))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i * (m + 1) + j] = stored[i] === current[j] ? table[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
  const pairs: [number, number][] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (stored[i] === current[j]) {
      pairs.push([i, j])
      i++
      j++
    } else if (table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1]) i++
    else j++
  }
  return pairs
}

function under(block: VerificationBlock, index: number): string {
  const section = sectionOf(block, index)
  return section ? ` under ${quote(section)}` : ''
}

/** Each difference between what was signed and what the file now holds, in words. */
export function differences(block: VerificationBlock, current: readonly string[]): string[] | null {
  const stored = block.paragraphs === '' ? [] : block.paragraphs.split(' ')
  const hashes = current.map(paragraphHash)
  const pairs = alignment(stored, hashes)
  if (!pairs) return ['The text differs from what was signed (the document is too long to say where).']
  if (pairs.length < Math.min(stored.length, hashes.length) * 0.2) return null
  const out: string[] = []
  const sectionStarts = new Map(block.sections.map((s, k) => [s.at, k]))
  let i = 0
  let j = 0
  for (const [pi, pj] of [...pairs, [stored.length, hashes.length] as [number, number]]) {
    const added = pj - j
    // Whole sections gone (a record removed): name each by its heading.
    let k = i
    while (k < pi) {
      const s = sectionStarts.get(k)
      if (s === undefined) break
      const end = block.sections[s + 1]?.at ?? stored.length
      if (end > pi) break
      out.push(`Removed: the section ${quote(block.sections[s].title)}.`)
      k = end
    }
    const leftRemoved = pi - k
    const changed = Math.min(leftRemoved, added)
    for (let c = 0; c < changed; c++) out.push(`Changed: the paragraph now reading ${quote(current[j + c])}${under(block, k + c)}.`)
    if (leftRemoved > changed) out.push(`Removed: ${leftRemoved - changed === 1 ? 'a paragraph' : `${leftRemoved - changed} paragraphs`}${under(block, k + changed)}.`)
    for (let c = changed; c < added; c++) out.push(`Added: ${quote(current[j + c])}${under(block, Math.max(0, pi - 1))}.`)
    i = pi + 1
    j = pj + 1
  }
  if (out.length > MAX_DIFFERENCES) return [...out.slice(0, MAX_DIFFERENCES), `… and ${out.length - MAX_DIFFERENCES} more differences.`]
  return out.length > 0 ? out : ['The paragraphs were reordered since it was signed.']
}

export function verifyParts(parts: DocxParts, context: VerifyContext): VerifyReport {
  const block = parseBlock(parts.customXml)
  const empty = { code: null, signedBy: null, exportedAt: null, vaultId: null, fingerprint: null, trustedVault: false }
  if (!block)
    return {
      outcome: 'not-signed',
      headline: 'This document carries no verification block: it was not exported by Escalation Log, or the block has been removed from its properties.',
      details: [],
      ...empty,
    }
  const code = shortCode(block.sig)
  const when = formatDateTime(block.exportedAt)
  const fingerprint = block.certificate ? orgKeyFingerprint(block.certificate.orgKey) : null
  const trusted = fingerprint ? context.trusted.find((t) => t.fingerprint === fingerprint) : undefined
  const base = { code, signedBy: block.signer.name, exportedAt: block.exportedAt, vaultId: block.vaultId, fingerprint, trustedVault: trusted !== undefined }
  if (!documentSignatureValid(block.signer.signingKey, statementBytes(block), block.sig))
    return { outcome: 'block-altered', headline: 'The verification block has been altered: its signature does not match what it says, so nothing in it can be relied on.', details: [], ...base }

  const details: string[] = []
  const certified =
    block.certificate !== null &&
    block.certificate.personId === block.signer.personId &&
    block.certificate.signingKey === block.signer.signingKey &&
    certificateValid(block.certificate.orgKey, block.vaultId, block.certificate)
  if (trusted) details.push(`It is from ${trusted.label} (vault ${block.vaultId}, organisation key ${fingerprint}).`)
  else if (fingerprint) details.push(`It is from another vault (vault ${block.vaultId}, organisation key ${fingerprint}), which this copy of the app has not been given: ask that organisation for its key fingerprint and compare.`)
  if (context.current && context.current.vaultId === block.vaultId && !context.current.personIds.includes(block.signer.personId))
    details.push(`${block.signer.name} has since been removed from this vault — the signature is still valid, because their key was certified when they signed.`)

  const paragraphs = canonicalParagraphs(parts.documentXml)
  const codes = footerCodes(parts.footers)
  const textMatches = textHash(canonicalBytes(paragraphs)) === block.textHash
  if (!textMatches) {
    const diff = differences(block, paragraphs)
    if (diff === null || (codes.length > 0 && !codes.includes(code)))
      return {
        outcome: 'block-of-another-document',
        headline: `The verification block is not this document’s: it was signed for ${block.title ? quote(block.title) : 'another document'}${codes.length > 0 ? `, while the footer gives the code ${codes[0]}` : ''}.`,
        details,
        ...base,
      }
    return { outcome: 'changed', headline: `The text has been changed since ${block.signer.name} exported it on ${when}.`, details: [...diff, ...details], ...base }
  }
  if (!certified)
    return {
      outcome: 'not-certified',
      headline: `The text is exactly what ${block.signer.name} signed on ${when}, but their key is not certified by the vault’s organisation key, so it cannot be tied to the vault.`,
      details,
      ...base,
    }
  return {
    outcome: trusted ? 'verified' : 'other-vault',
    headline: trusted
      ? `Verified: this is exactly the text ${block.signer.name} signed on ${when}, exported from ${trusted.label} after audit entry ${block.seq}.`
      : `The text is exactly what ${block.signer.name} signed on ${when}, after audit entry ${block.seq} of vault ${block.vaultId}, but that vault is not one this copy of the app has been given.`,
    details,
    ...base,
  }
}
