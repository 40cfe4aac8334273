/**
 * The rule for names of people, their roles and agencies: stored NFC-normalised (so "Zoë" typed two ways
 * is one name), and refused when they hold a character nobody can see or letters of two look-alike
 * alphabets in one word ("Hаrriet" with a Cyrillic а reads as Harriet but is another name, so a record
 * could be attributed to an impostor on screen). Pure: the renderer and the main process give the same
 * message, and the main process enforces it through the IPC schemas.
 */

/** A problem with a name, in words a DSL understands, with a stable code for tests and the screen. */
export interface NameProblem {
  code: 'name-invisible-character' | 'name-mixed-scripts' | 'name-styled-letter'
  message: string
}

/** NFC and trimmed: what is stored. */
export const normaliseName = (value: string): string => value.normalize('NFC').trim()

const INVISIBLE_NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'a soft hyphen',
  0x034f: 'a combining grapheme joiner',
  0x061c: 'an Arabic letter mark',
  0x115f: 'a Hangul filler',
  0x1160: 'a Hangul filler',
  0x180e: 'a Mongolian vowel separator',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
  0x202a: 'a left-to-right embedding',
  0x202b: 'a right-to-left embedding',
  0x202c: 'a pop directional formatting',
  0x202d: 'a left-to-right override',
  0x202e: 'a right-to-left override',
  0x2060: 'a word joiner',
  0x2061: 'an invisible function application',
  0x2062: 'an invisible times',
  0x2063: 'an invisible separator',
  0x2064: 'an invisible plus',
  0x2066: 'a left-to-right isolate',
  0x2067: 'a right-to-left isolate',
  0x2068: 'a first strong isolate',
  0x2069: 'a pop directional isolate',
  0x3164: 'a Hangul filler',
  0xfeff: 'a zero-width no-break space (byte order mark)',
  0xffa0: 'a Hangul filler',
}

/**
 * Characters with no visible shape: format characters (Cf: zero-width spaces and joiners, bidi controls,
 * the soft hyphen, tags), controls (Cc), line and paragraph separators, variation selectors, and the
 * default-ignorable letters that render as nothing (Hangul fillers, the combining grapheme joiner).
 */
const INVISIBLE_CATEGORY = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/u
// Code points rather than a character class: some are combining marks, which a class would misread.
const IGNORABLE = new Set([0x034f, 0x115f, 0x1160, 0x3164, 0xffa0])
const isInvisible = (ch: string): boolean => {
  const cp = ch.codePointAt(0) ?? 0
  return (
    INVISIBLE_CATEGORY.test(ch) ||
    IGNORABLE.has(cp) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    (cp >= 0xe0100 && cp <= 0xe01ef) // variation selectors supplement
  )
}

/**
 * Scripts that write with joiners: between two letters of these, U+200C and U+200D change how the word is
 * drawn (a Persian name's half-space, a Devanagari half-form), so there they are part of the name.
 */
const JOINING_LETTER =
  /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}]/u

const describe = (cp: number): string =>
  `${INVISIBLE_NAMES[cp] ?? 'an invisible character'} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`

/**
 * The alphabets a word's letters are checked against. A letter of any script not listed counts as its own
 * script, so the check still sees two scripts in one word.
 */
const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Syriac', /\p{Script=Syriac}/u],
  ['Thaana', /\p{Script=Thaana}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Bengali', /\p{Script=Bengali}/u],
  ['Gurmukhi', /\p{Script=Gurmukhi}/u],
  ['Gujarati', /\p{Script=Gujarati}/u],
  ['Oriya', /\p{Script=Oriya}/u],
  ['Tamil', /\p{Script=Tamil}/u],
  ['Telugu', /\p{Script=Telugu}/u],
  ['Kannada', /\p{Script=Kannada}/u],
  ['Malayalam', /\p{Script=Malayalam}/u],
  ['Sinhala', /\p{Script=Sinhala}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Lao', /\p{Script=Lao}/u],
  ['Myanmar', /\p{Script=Myanmar}/u],
  ['Khmer', /\p{Script=Khmer}/u],
  ['Tibetan', /\p{Script=Tibetan}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
  ['Mongolian', /\p{Script=Mongolian}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /\p{Script=Katakana}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Bopomofo', /\p{Script=Bopomofo}/u],
]

/** Mixtures that are one writing system (Unicode TR39's "highly restrictive" level): Japanese, Chinese, Korean. */
const ONE_WRITING_SYSTEM: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
]

function scriptOf(letter: string): string {
  for (const [name, pattern] of SCRIPTS) if (pattern.test(letter)) return name
  return 'another alphabet'
}

/** Letters that belong to no alphabet: maths and "letterlike" styles (𝐇, ℍ) that copy a Latin letter. */
const STYLED_LETTER = /[\p{Lu}\p{Ll}\p{Lt}\p{Lo}]/u
const COMMON_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}]/u

const listInWords = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`

/**
 * Why a name (already normalised) is refused, or null if it will do. `label` starts the sentence:
 * "The name", "Your agency", "The role".
 */
export function nameProblem(value: string, label = 'The name'): NameProblem | null {
  const chars = [...value]
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? ''
    if (!isInvisible(ch)) continue
    const cp = ch.codePointAt(0) ?? 0
    const joiner = cp === 0x200c || cp === 0x200d
    if (joiner && JOINING_LETTER.test(chars[i - 1] ?? '') && JOINING_LETTER.test(chars[i + 1] ?? '')) continue
    return {
      code: 'name-invisible-character',
      message: `${label} contains an invisible character, ${describe(cp)}, which can make two different names look the same — type it again rather than pasting it.`,
    }
  }
  for (const word of value.split(/[^\p{L}\p{M}\p{N}]+/u)) {
    if (!word) continue
    const scripts: string[] = []
    for (const ch of word) {
      if (!/\p{L}/u.test(ch)) continue
      if (COMMON_SCRIPT.test(ch)) {
        if (STYLED_LETTER.test(ch))
          return {
            code: 'name-styled-letter',
            message: `${label} contains “${ch}”, a styled letter from a maths or symbol font rather than an ordinary one — type “${word}” again with ordinary letters.`,
          }
        continue
      }
      const script = scriptOf(ch)
      if (!scripts.includes(script)) scripts.push(script)
    }
    if (scripts.length > 1 && !ONE_WRITING_SYSTEM.some((set) => scripts.every((s) => set.has(s))))
      return {
        code: 'name-mixed-scripts',
        message: `${label} mixes ${listInWords(scripts)} letters in “${word}”, so it may only look like the name it seems to be — type it again in one alphabet.`,
      }
  }
  return null
}
