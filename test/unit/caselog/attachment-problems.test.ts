/**
 * "The problems list names a damaged chunk by the attachment's file name and its record" — never by the id
 * of the chunk document the vault found damaged or missing, and once per attachment however many of its
 * chunks failed.
 */
import { describe, expect, it } from 'vitest'
import { nameAttachmentProblems } from '../../../src/main/caselog/attachment-problems'
import type { ContactRecord } from '../../../src/shared/records'

const NAME = 'a'.repeat(32)
const OTHER = 'b'.repeat(32)
const record = {
  id: 'r1',
  kind: 'phone-call',
  direction: 'outgoing',
  contact: { name: 'Jo Bloggs' },
  occurredAt: '2026-12-02T09:30:00.000Z',
  files: [{ id: NAME, name: 'report.pdf', type: 'application/pdf', size: 3_000_000 }],
} as unknown as ContactRecord
const open = [{ dispute: { reference: 'WOL-2026-0001' }, records: [record] }]

describe('damaged attachments in the problems list', () => {
  it('are named by file and record from the open disputes, once for all their chunks', () => {
    const problems = [
      { docId: 'settings', message: 'The settings could not be read.' },
      { docId: `att-${NAME}-0`, message: 'The document “att-…-0” is damaged.' },
      { docId: `att-${NAME}-2`, message: 'The document “att-…-2” is missing.' },
    ]
    const named = nameAttachmentProblems(problems, new Map(), open)
    expect(named).toEqual([
      problems[0],
      {
        docId: `att-${NAME}-0`,
        message:
          'The attachment “report.pdf” of the record “Phone call with Jo Bloggs on 2 Dec 2026, 09:30” (WOL-2026-0001) is damaged: its stored copy in the vault is missing or does not match what was saved, so it was not opened. Restore the vault from a backup made before the damage to get it back.',
      },
    ])
    expect(named.map((p) => p.message).join(' ')).not.toContain('att-')
  })

  it('use what a read of the attachment found, and otherwise say where to find which file it is', () => {
    const problems = [{ docId: `att-${OTHER}-0`, message: 'The document “att-…” is damaged.' }]
    expect(nameAttachmentProblems(problems, new Map([[OTHER, 'The attachment “letter.docx” of the record … is damaged …']]), open)).toEqual([
      { docId: `att-${OTHER}-0`, message: 'The attachment “letter.docx” of the record … is damaged …' },
    ])
    const [unknown] = nameAttachmentProblems(problems, new Map(), open)
    expect(unknown!.message).toBe(
      'A file attached to a record of a closed dispute is damaged: its stored copy in the vault is missing or does not match what was saved. Settings → Files stored with records → Check every stored file names it and its record.',
    )
  })
})
