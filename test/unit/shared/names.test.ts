import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nameProblem, normaliseName } from '../../../src/shared/names'

const accepted = [
  'Zoë Harper',
  'Siân Evans',
  'Ó Briain',
  'Łukasz Nowak',
  'Nguyễn Thị Minh Khai',
  'Ngozi Okonkwo-Adébáyọ̀',
  'Mary-Jane O’Neill',
  "D'Arcy St. John",
  'Dr Sam Patel (Deputy DSL)',
  'Year 6 lead',
  'Анна Петрова', // wholly Cyrillic
  'Σοφία Παπαδοπούλου', // wholly Greek
  'محمد رضایی', // Arabic script
  'فاطمه\u200Cزاده', // Persian, with the zero-width non-joiner its spelling needs
  'अनुष्का शर्मा',
  '王秀英',
  '山田 はなこ', // Han with Hiragana is one writing system
  '김민준',
  'ʻIolani Kahale', // Hawaiian ʻokina, a modifier letter
  'Анна Smith', // two alphabets, but each word in one
]

describe('names', () => {
  it.each(accepted)('accepts %s', (name) => {
    expect(nameProblem(normaliseName(name))).toBeNull()
  })

  it.each([
    ['\u200B', 'a zero-width space (U+200B)'],
    ['\u200C', 'a zero-width non-joiner (U+200C)'],
    ['\u200D', 'a zero-width joiner (U+200D)'],
    ['\u200E', 'a left-to-right mark (U+200E)'],
    ['\u200F', 'a right-to-left mark (U+200F)'],
    ['\u2060', 'a word joiner (U+2060)'],
    ['\u2064', 'an invisible plus (U+2064)'],
    ['\uFEFF', 'a zero-width no-break space (byte order mark) (U+FEFF)'],
    ['\u202A', 'a left-to-right embedding (U+202A)'],
    ['\u202E', 'a right-to-left override (U+202E)'],
    ['\u2066', 'a left-to-right isolate (U+2066)'],
    ['\u2069', 'a pop directional isolate (U+2069)'],
    ['\u00AD', 'a soft hyphen (U+00AD)'],
    ['\u3164', 'a Hangul filler (U+3164)'],
    ['\uFE0F', 'an invisible character (U+FE0F)'],
    ['\u{E0041}', 'an invisible character (U+E0041)'],
  ])('refuses an invisible character %j and names it', (ch, described) => {
    const problem = nameProblem(`Harri${ch}et`)
    expect(problem?.code).toBe('name-invisible-character')
    expect(problem?.message).toBe(
      `The name contains an invisible character, ${described}, which can make two different names look the same — type it again rather than pasting it.`,
    )
  })

  it('refuses letters of two look-alike alphabets in one word, saying which', () => {
    expect(nameProblem('H\u0430rriet Okonkwo')).toEqual({
      code: 'name-mixed-scripts',
      message: 'The name mixes Latin and Cyrillic letters in “Hаrriet”, so it may only look like the name it seems to be — type it again in one alphabet.',
    })
    expect(nameProblem('S\u03BFphie', 'Your agency')?.message).toMatch(/^Your agency mixes Latin and Greek letters in “Sοphie”/)
    expect(nameProblem('Оak Hill', 'Your agency')?.code).toBe('name-mixed-scripts') // Cyrillic О
  })

  it('refuses letters from maths fonts that copy Latin ones', () => {
    expect(nameProblem('\u{1D407}arriet')?.code).toBe('name-styled-letter')
    expect(nameProblem('ℍarriet')?.code).toBe('name-styled-letter')
  })

  it('normalises to NFC and trims, so one name typed two ways is the same name', () => {
    expect(normaliseName('  Zoe\u0308 ')).toBe('Zoë')
    expect(normaliseName('Sia\u0302n')).toBe(normaliseName('Siân'))
  })

  it('never refuses a name of ordinary Latin letters, accents, spaces, hyphens and apostrophes', () => {
    const latin = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàáâäãåæçèéêëìíîïłñòóôöõøœśšùúûüýÿžŵŷ')
    const separator = fc.constantFrom(' ', '-', '’', "'", '.')
    const word = fc.array(latin, { minLength: 1, maxLength: 12 }).map((a) => a.join(''))
    const name = fc.array(fc.tuple(word, separator), { minLength: 1, maxLength: 4 }).map((parts) => parts.flat().join('').trim())
    fc.assert(fc.property(name, (n) => nameProblem(normaliseName(n)) === null))
  })

  // At either end, trimming removes U+FEFF (a JavaScript whitespace character), so the name is surrounded by letters.
  it('refuses any name with a zero-width, bidi or other format character inside it', () => {
    const invisible = fc.constantFrom(
      ...[0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x00ad].map(
        (cp) => String.fromCodePoint(cp),
      ),
    )
    const latin = fc.string({ unit: fc.constantFrom(...'abcdefghij klmnop-'), maxLength: 20 })
    fc.assert(
      fc.property(latin, invisible, latin, (before, ch, after) => nameProblem(normaliseName(`A${before}${ch}${after}z`))?.code === 'name-invisible-character'),
    )
  })

  it('refuses any Latin word with one Cyrillic or Greek look-alike put in it', () => {
    const lookAlike = fc.constantFrom('а', 'е', 'о', 'р', 'с', 'у', 'х', 'і', 'ο', 'α', 'ν', 'ρ', 'Α', 'Ε', 'Ο', 'Т')
    const latinWord = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzé'), minLength: 1, maxLength: 10 })
    fc.assert(
      fc.property(latinWord, lookAlike, latinWord, (a, ch, b) => nameProblem(`${a}${ch}${b}`)?.code === 'name-mixed-scripts'),
    )
  })

  it('gives the renderer and the main process the same sentence (the rule is pure, in src/shared)', () => {
    expect(nameProblem('Sam\u200BPatel', 'Their name')?.message).toMatch(/^Their name contains an invisible character/)
  })
})
