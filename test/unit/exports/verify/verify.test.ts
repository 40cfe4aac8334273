/**
 * Documents anyone can verify (issue 21, "Done when" — Verification): "an untouched export verifies, and so
 * does one opened and saved again by LibreOffice (soffice --convert-to docx); one with a single word
 * changed, a removed record, or a swapped verification block fails with the difference named; a document
 * from another vault is reported as such; a document signed by a person since removed still verifies."
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escalationRecord } from '../../../../src/main/exports'
import { signDocx } from '../../../../src/main/exports/verify/sign'
import { readDocxParts, MAX_FILE_BYTES } from '../../../../src/main/exports/verify/read-parts'
import { verifyParts, type VerifyContext } from '../../../../src/main/exports/verify/verify'
import { canonicalParagraphs } from '../../../../src/main/exports/verify/canonical'
import { exportOptions, stHelensResolved } from '../fixtures'
import { newOrgKeyPair, orgKeyFingerprint, testSigner } from './helpers'

const org = newOrgKeyPair()
const orgFingerprint = orgKeyFingerprint(org.publicKey.toString('hex'))
const trustThisVault: VerifyContext = { trusted: [{ fingerprint: orgFingerprint, label: 'this vault' }] }

async function signedEscalationRecord(signer = testSigner({ certifiedBy: org })): Promise<Buffer> {
  const sh = stHelensResolved()
  const bytes = await escalationRecord(sh, exportOptions(sh.now))
  return (await signDocx(bytes, signer)).bytes
}

async function verify(bytes: Buffer, context: VerifyContext = trustThisVault) {
  return verifyParts(await readDocxParts(bytes), context)
}

async function editDocument(bytes: Buffer, edit: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes)
  const xml = await zip.file('word/document.xml')!.async('string')
  const next = edit(xml)
  expect(next).not.toBe(xml)
  zip.file('word/document.xml', next)
  return zip.generateAsync({ type: 'nodebuffer' })
}

describe('verifying a signed export', () => {
  let signed: Buffer
  beforeAll(async () => {
    signed = await signedEscalationRecord()
  })

  it('an untouched export verifies, naming who signed it, when, and the vault', async () => {
    const report = await verify(signed)
    expect(report.outcome).toBe('verified')
    expect(report.headline).toBe('Verified: this is exactly the text Priya Shah signed on 2 Dec 2026, 10:15, exported from this vault after audit entry 42.')
    expect(report.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
  })

  it('prints the short code in every footer', async () => {
    const zip = await JSZip.loadAsync(signed)
    const report = await verify(signed)
    const footers = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')))
    expect(footers.length).toBeGreaterThan(0)
    for (const f of footers) expect(f).toContain(`Verification code ${report.code}`)
  })

  it('a single word changed fails, quoting the paragraph and naming the record it is in', async () => {
    const paragraphs = canonicalParagraphs((await readDocxParts(signed)).documentXml)
    expect(paragraphs.some((p) => p.includes('with the service manager'))).toBe(true)
    const changed = await editDocument(signed, (xml) => xml.replace('with the service manager', 'with the team manager'))
    const report = await verify(changed)
    expect(report.outcome).toBe('changed')
    expect(report.headline).toBe('The text has been changed since Priya Shah exported it on 2 Dec 2026, 10:15.')
    const line = report.details.find((d) => d.startsWith('Changed:'))
    expect(line).toContain('Debbie will review the case file with the team manager.')
    expect(line).toMatch(/under “A\d+\. /)
  })

  it('a removed record fails, naming the record by its heading', async () => {
    const zip = await JSZip.loadAsync(signed)
    const xml = await zip.file('word/document.xml')!.async('string')
    // The appendix gives each record as one table whose first row is its heading ("A2. …").
    const tables = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/gs)].map((m) => m[0])
    const record = tables.find((t) => />A2\. /.test(t.replace(/<w:t[^>]*>/g, '>')))
    expect(record).toBeDefined()
    const heading = canonicalParagraphs(`<w:body>${record!}</w:body>`)[0]
    const removed = await editDocument(signed, (x) => x.replace(record!, ''))
    const report = await verify(removed)
    expect(report.outcome).toBe('changed')
    expect(report.details).toContain(`Removed: the section “${heading.length > 90 ? `${heading.slice(0, 87)}…` : heading}”.`)
  })

  it('a verification block swapped in from another export fails as not this document’s', async () => {
    const other = stHelensResolved()
    const otherDoc = (await signDocx(await escalationRecord({ ...other, records: other.records.slice(0, 1) }, exportOptions(other.now)), testSigner({ certifiedBy: org }))).bytes
    // The other document's text, under this document's block and footer.
    const target = await JSZip.loadAsync(signed)
    const source = await JSZip.loadAsync(otherDoc)
    target.file('docProps/custom.xml', await source.file('docProps/custom.xml')!.async('string'))
    const swapped = await target.generateAsync({ type: 'nodebuffer' })
    const report = await verify(swapped)
    expect(report.outcome).toBe('block-of-another-document')
    expect(report.headline).toMatch(/^The verification block is not this document’s/)
  })

  it('an altered block (a name changed in it) fails as altered', async () => {
    const zip = await JSZip.loadAsync(signed)
    const custom = await zip.file('docProps/custom.xml')!.async('string')
    const pieces = [...custom.matchAll(/<vt:lpwstr>([^<]*)<\/vt:lpwstr>/g)].map((m) => m[1]).join('')
    const json = Buffer.from(pieces, 'base64').toString('utf8').replace('"Priya Shah"', '"Mark Ellison"')
    zip.file('docProps/custom.xml', custom.replace(/<property .*<\/property>/s, `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="9" name="EscalationLogVerification1"><vt:lpwstr>${Buffer.from(json).toString('base64')}</vt:lpwstr></property>`))
    const report = await verify(await zip.generateAsync({ type: 'nodebuffer' }))
    expect(report.outcome).toBe('block-altered')
  })

  it('a document from another vault is reported as such, with its vault and key fingerprint', async () => {
    const elsewhere = newOrgKeyPair()
    const bytes = await signedEscalationRecord(testSigner({ vaultId: 'ffee000011112222', certifiedBy: elsewhere }))
    const report = await verify(bytes)
    expect(report.outcome).toBe('other-vault')
    expect(report.trustedVault).toBe(false)
    expect(report.details[0]).toBe(
      `It is from another vault (vault ffee000011112222, organisation key ${orgKeyFingerprint(elsewhere.publicKey.toString('hex'))}), which this copy of the app has not been given: ask that organisation for its key fingerprint and compare.`,
    )
  })

  it('a document signed by a person since removed still verifies, and says so', async () => {
    const report = await verify(signed, { ...trustThisVault, current: { vaultId: 'a1b2c3d4e5f60718', personIds: ['p-deputy'] } })
    expect(report.outcome).toBe('verified')
    expect(report.details).toContain('Priya Shah has since been removed from this vault — the signature is still valid, because their key was certified when they signed.')
  })

  it('a document without a block says so', async () => {
    const sh = stHelensResolved()
    const report = await verify(await escalationRecord(sh, exportOptions(sh.now)))
    expect(report.outcome).toBe('not-signed')
  })

  it('refuses a file too large to be an export, and a zip bomb, without inflating it', async () => {
    await expect(readDocxParts(Buffer.alloc(MAX_FILE_BYTES + 1))).rejects.toMatchObject({ code: 'verify-file-too-large' })
    const bomb = new JSZip()
    bomb.file('word/document.xml', Buffer.alloc(60 * 1024 * 1024, 0x20))
    const small = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
    expect(small.length).toBeLessThan(1024 * 1024)
    await expect(readDocxParts(small)).rejects.toMatchObject({ code: 'verify-file-too-large' })
    await expect(readDocxParts(Buffer.from('not a zip'))).rejects.toMatchObject({ code: 'verify-file-unreadable' })
  })
})

const noSoffice = spawnSync('which', ['soffice']).status !== 0
if (noSoffice) console.log('LibreOffice round-trip verification tests skipped: soffice is not installed (scripts/test-setup.mjs installs libreoffice-writer-nogui)')
describe.skipIf(noSoffice)('through LibreOffice (soffice --headless --convert-to docx)', () => {
  let work: string
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'verify-lo-'))
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('an export opened and saved again by LibreOffice still verifies', async () => {
    const signed = await signedEscalationRecord()
    mkdirp(join(work, 'in'))
    writeFileSync(join(work, 'in', 'record.docx'), signed)
    execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', join(work, 'out'), join(work, 'in', 'record.docx')], { stdio: 'pipe', timeout: 120_000 })
    const resaved = readFileSync(join(work, 'out', 'record.docx'))
    expect(resaved.equals(signed)).toBe(false)
    const report = await verify(resaved)
    expect(report.outcome).toBe('verified')
    expect(report.details).toEqual([`It is from this vault (vault a1b2c3d4e5f60718, organisation key ${orgFingerprint}).`])
  }, 180_000)
})

function mkdirp(dir: string): void {
  execFileSync('mkdir', ['-p', dir])
}
