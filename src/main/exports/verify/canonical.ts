/**
 * The canonical text of a Word document's body, as a list of paragraphs: what a signature covers. It must
 * read the same from the document we wrote and from the same document opened and saved again by Word or
 * LibreOffice, which rewrite the XML freely (runs split and merged, styles renamed, tables re-laid out). So
 * only the words count:
 * - each paragraph of the body (table cells included, in reading order) is one entry; empty ones are dropped;
 * - whitespace is collapsed to single spaces and trimmed; tabs and line breaks are whitespace;
 * - field results are left out (page numbers, a contents list: LibreOffice recomputes them), and so is
 *   everything outside word/document.xml (headers and footers, where the verification code is printed);
 * - text that is deleted under tracked changes, and the fallback copy of a drawing (mc:Fallback), is left out.
 * Text is Unicode-normalised (NFC), so a composed and a decomposed "é" are the same word.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10))
    return ENTITIES[name] ?? whole
  })
}

export const normaliseText = (text: string): string => text.normalize('NFC').replace(/\s+/gu, ' ').trim()

export interface CanonicalParagraph {
  text: string
  /** Whether the paragraph is a heading or title (its style, as we wrote it): a section of the block starts there. */
  heading: boolean
}

/** The body's paragraphs, canonical (see above), from the text of word/document.xml. */
export function canonicalParagraphs(documentXml: string): string[] {
  return styledParagraphs(documentXml).map((p) => p.text)
}

export function styledParagraphs(documentXml: string): CanonicalParagraph[] {
  const out: CanonicalParagraph[] = []
  // Paragraphs nest (a text box inside a paragraph): each open paragraph collects its own text.
  const open: string[][] = []
  const headings: boolean[] = []
  let fieldDepth = 0
  let inFieldResult: boolean[] = []
  let skipDepth = 0 // inside w:del, mc:Fallback, w:fldSimple (its result), w:instrText
  const tag = /<(\/?)([A-Za-z][\w.-]*:[\w.-]+|[A-Za-z][\w.-]*)([^>]*?)(\/?)>|([^<]+)/g
  let inText = false
  for (let m = tag.exec(documentXml); m !== null; m = tag.exec(documentXml)) {
    const [, closing, name, attrs, selfClosing, text] = m
    if (text !== undefined) {
      if (inText && skipDepth === 0 && !inFieldResult.includes(true) && open.length > 0) open[open.length - 1].push(decode(text))
      continue
    }
    const isClose = closing === '/'
    const isSelf = selfClosing === '/'
    switch (name) {
      case 'w:p':
        if (isSelf) break
        if (!isClose) {
          open.push([])
          headings.push(false)
        } else {
          const words = normaliseText((open.pop() ?? []).join(''))
          const heading = headings.pop() ?? false
          if (words !== '' && skipDepth === 0) out.push({ text: words, heading })
        }
        break
      case 'w:pStyle':
        if (headings.length > 0 && /w:val="(Heading\d|Title)"/.test(attrs)) headings[headings.length - 1] = true
        break
      case 'w:t':
        inText = !isClose && !isSelf
        break
      case 'w:tab':
      case 'w:br':
      case 'w:cr':
        if (!isClose && skipDepth === 0 && !inFieldResult.includes(true) && open.length > 0) open[open.length - 1].push(' ')
        break
      case 'w:del':
      case 'w:moveFrom':
      case 'mc:Fallback':
      case 'w:fldSimple':
      case 'w:instrText':
        if (isSelf) break
        skipDepth += isClose ? -1 : 1
        break
      case 'w:fldChar': {
        const type = /w:fldCharType="(\w+)"/.exec(attrs)?.[1]
        if (type === 'begin') {
          fieldDepth++
          inFieldResult.push(false)
        } else if (type === 'separate' && fieldDepth > 0) inFieldResult[inFieldResult.length - 1] = true
        else if (type === 'end' && fieldDepth > 0) {
          fieldDepth--
          inFieldResult = inFieldResult.slice(0, -1)
        }
        break
      }
    }
  }
  return out
}

/** The bytes a signature covers: the paragraphs, one per line. */
export function canonicalBytes(paragraphs: readonly string[]): Buffer {
  return Buffer.from(paragraphs.join('\n'), 'utf8')
}
