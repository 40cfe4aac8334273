/**
 * An imported policy file, from its bytes to a Policy. The bytes arrive untouched from the file (the
 * renderer does not decode them), so every way a file can be wrong is refused here in words a DSL can act
 * on: too large, not UTF-8, not JSON (with the line and column of the mistake), or not a sound policy.
 * Nothing here throws anything but an AppError.
 */
import { AppError } from '../../../shared/errors'
import { type Policy, POLICY_FILE_LIMITS } from '../../../shared/policy'
import { findJsonMistake } from './json-mistake'
import { validatePolicy } from './validate'

const MB = 1024 * 1024

const SAVE_AS_UTF8 = 'Save the file as UTF-8 and import it again.'

/** "2.4 MB", "812 KB": the size as a file browser shows it. */
function sizeInWords(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

/** Line and column (both from 1) of a character offset in `text`, counting a CR LF as one line break. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(Math.max(offset, 0), text.length)
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++
      lineStart = i + 1
    }
  }
  // Columns count characters as a person sees them: a character outside the BMP is one, not two.
  return { line, column: [...text.slice(lineStart, end)].length + 1 }
}

/**
 * The byte offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or -1 if every byte is.
 */
export function firstNonUtf8Byte(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    let max = 0xbf
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80]
    else if (b === 0xe0) [need, min] = [2, 0xa0]
    else if (b === 0xed) [need, min, max] = [2, 0x80, 0x9f]
    else if (b >= 0xe1 && b <= 0xef) [need, min] = [2, 0x80]
    else if (b === 0xf0) [need, min] = [3, 0x90]
    else if (b === 0xf4) [need, min, max] = [3, 0x80, 0x8f]
    else if (b >= 0xf1 && b <= 0xf3) [need, min] = [3, 0x80]
    else return i
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      const lo = k === 1 ? min : 0x80
      const hi = k === 1 ? max : 0xbf
      if (c === undefined || c < lo || c > hi) return i
    }
    i += need + 1
  }
  return -1
}

/** The file's text: UTF-8, with or without a byte-order mark; anything else is refused. */
export function decodePolicyText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new AppError('file-empty', 'That file is empty. Choose the policy file itself.')
  if (bytes.length > POLICY_FILE_LIMITS.bytes) {
    throw new AppError(
      'file-too-large',
      `That file is ${sizeInWords(bytes.length)}: a policy file can be at most ${sizeInWords(POLICY_FILE_LIMITS.bytes)}. ` +
        'Check that you chose the policy file and not something else.',
    )
  }
  // UTF-16 and UTF-32 files (Notepad's "Unicode") mark themselves; name them, as their bytes may pass as UTF-8.
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)
  if (utf16 || bytes.includes(0)) {
    throw new AppError('file-not-utf8', `That file is saved as UTF-16 or another encoding, not UTF-8. ${SAVE_AS_UTF8}`)
  }
  const bad = firstNonUtf8Byte(bytes)
  if (bad >= 0) {
    // Where the bad byte is, in the text as far as it could be read: usually a curly quote or a pound sign.
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad))
    const at = lineAndColumn(before, before.length)
    throw new AppError(
      'file-not-utf8',
      `That file is not saved as UTF-8: the character at line ${at.line}, column ${at.column} is in another ` +
        `encoding (often a curly quotation mark or a £ sign). ${SAVE_AS_UTF8}`,
    )
  }
  // fatal: a second guard on the check above; ignoreBOM false: a leading byte-order mark is dropped.
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
}

/** The JSON value of the file's text, or an AppError naming the line and column of the first mistake. */
export function parsePolicyJson(text: string): unknown {
  if (text.trim() === '') throw new AppError('file-empty', 'That file is empty. Choose the policy file itself.')
  try {
    return JSON.parse(text) as unknown
  } catch {
    // JSON.parse's own message is neither reliable about where nor plain about what: find it ourselves.
    const mistake = findJsonMistake(text) ?? { offset: 0, what: 'something JSON cannot read' }
    const { line, column } = lineAndColumn(text, mistake.offset)
    throw new AppError(
      'file-not-json',
      `That file is not a policy file: its JSON has a mistake at line ${line}, column ${column} — ${mistake.what}.`,
      { field: 'file' },
    )
  }
}

/**
 * A policy from the bytes of its file, or an AppError with a stable code: file-empty, file-too-large,
 * file-not-utf8, file-not-json or policy-invalid (with every problem's field path).
 */
export function readPolicyFile(bytes: Uint8Array): Policy {
  return validatePolicy(parsePolicyJson(decodePolicyText(bytes)))
}
