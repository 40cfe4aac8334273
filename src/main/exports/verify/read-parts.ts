/**
 * Reads the few parts of a .docx that verification needs, from a file someone chose — so from anywhere.
 * The file is refused above MAX_FILE_BYTES before it is unzipped; only the named parts are inflated, each
 * stopped as soon as it passes MAX_PART_BYTES, so a zip bomb (a small file that inflates to gigabytes)
 * costs at most that much memory.
 */
import JSZip from 'jszip'
import { AppError } from '../../../shared/errors'

export const MAX_FILE_BYTES = 30 * 1024 * 1024
export const MAX_PART_BYTES = 40 * 1024 * 1024
const MAX_ENTRIES = 5000

export interface DocxParts {
  documentXml: string
  customXml: string
  footers: string[]
}

const unreadable = (): AppError =>
  new AppError('verify-file-unreadable', 'This file cannot be read as a Word document (.docx). Choose the .docx file itself, not a PDF or a shortcut.')

interface InternalStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): InternalStream
  on(event: 'error', listener: (error: Error) => void): InternalStream
  on(event: 'end', listener: () => void): InternalStream
  pause(): InternalStream
  resume(): InternalStream
}

function inflateBounded(file: JSZip.JSZipObject): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let total = 0
    // internalStream is JSZip's own pausable stream (untyped in its .d.ts); it inflates chunk by chunk.
    const stream = (file as unknown as { internalStream(type: 'uint8array'): InternalStream }).internalStream('uint8array')
    stream
      .on('data', (chunk: Uint8Array) => {
        total += chunk.length
        if (total > MAX_PART_BYTES) {
          stream.pause()
          reject(new AppError('verify-file-too-large', 'This document is too large to check (its text unpacks to more than 40 MB).'))
          return
        }
        chunks.push(chunk)
      })
      .on('error', () => reject(unreadable()))
      .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      .resume()
  })
}

export async function readDocxParts(bytes: Buffer): Promise<DocxParts> {
  if (bytes.length > MAX_FILE_BYTES) throw new AppError('verify-file-too-large', 'This file is too large to be an exported document (over 30 MB).')
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    throw unreadable()
  }
  const names = Object.keys(zip.files)
  if (names.length > MAX_ENTRIES) throw unreadable()
  const document = zip.file('word/document.xml')
  if (!document) throw unreadable()
  const custom = zip.file('docProps/custom.xml')
  const footerFiles = names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).slice(0, 20)
  return {
    documentXml: await inflateBounded(document),
    customXml: custom ? await inflateBounded(custom) : '',
    footers: await Promise.all(footerFiles.map((n) => inflateBounded(zip.file(n)!))),
  }
}
