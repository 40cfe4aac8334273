/**
 * Reads an exported .docx back as a person and as Word would: mammoth for the text (it ignores headers,
 * footers and shading), jszip for the parts mammoth cannot see.
 */
import JSZip from 'jszip'
import mammoth from 'mammoth'

export interface DocxContents {
  /** The body as plain text (mammoth). */
  text: string
  /** The body's paragraphs as HTML (mammoth): headings as <h1>…, tables as <table>. */
  html: string
  documentXml: string
  headers: string[]
  footers: string[]
  coreXml: string
  settingsXml: string
  stylesXml: string
  media: string[]
  zip: JSZip
}

export async function readDocx(buffer: Buffer): Promise<DocxContents> {
  const zip = await JSZip.loadAsync(buffer)
  const read = (name: string) => zip.file(name)?.async('string') ?? Promise.resolve('')
  const names = Object.keys(zip.files)
  const headers = await Promise.all(names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map(read))
  const footers = await Promise.all(names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(read))
  const [{ value: text }, { value: html }] = await Promise.all([
    mammoth.extractRawText({ buffer }),
    mammoth.convertToHtml({ buffer }),
  ])
  return {
    text,
    html,
    documentXml: await read('word/document.xml'),
    headers,
    footers,
    coreXml: await read('docProps/core.xml'),
    settingsXml: await read('word/settings.xml'),
    stylesXml: await read('word/styles.xml'),
    media: names.filter((n) => n.startsWith('word/media/')),
    zip,
  }
}

/** The visible text of a piece of WordprocessingML (runs' w:t joined; fields' instructions left out). */
export function xmlText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join('')
}

function unescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}

/** Each table row of the body as the text of its cells. */
export function tableRows(documentXml: string): string[][] {
  return [...documentXml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => xmlText(c[0])),
  )
}

/** Words collapsed, so line wrapping in mammoth's output does not matter. */
export const squash = (s: string): string => s.replace(/\s+/g, ' ').trim()
