/**
 * Builds every Word export from invented data (test/unit/exports/fixtures.ts — no real people) under
 * the built-in policies, converts each to PDF with LibreOffice and to PNG pages with pdftoppm, and
 * copies the pages into docs/exports/ with a README listing them.
 *
 *   npx tsx scripts/export-examples.ts            # all documents
 *   npx tsx scripts/export-examples.ts --keep     # also print the temp folder (docx, pdf) and keep it
 *
 * Needs `soffice` (LibreOffice) and `pdftoppm` (poppler) on the PATH.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { defaultCalendar } from '../src/main/domain/calendar'
import { quarterlyFigures } from '../src/main/domain/reports'
import { quarterlyReturn } from '../src/main/domain/quarterly-return'
import { quarterlyReturnCsv, quarterlyReturnDocument } from '../src/main/exports/quarterly-return'
import {
  escalationRecord,
  meetingPack,
  notificationDocument,
  notificationEmail,
  outcomeDocument,
  rapidResolutionLog,
  trendsReport,
} from '../src/main/exports'
import {
  exportOptions,
  solihullRapid,
  solihullStage2,
  stHelensAtStage4,
  stHelensResolved,
  wolverhamptonResolved,
} from '../test/unit/exports/fixtures'
import { harshStHelens } from '../test/unit/exports/harsh-fixture'
import { solihullMeeting } from '../test/unit/exports/meeting-fixture'
import { quarterFixture } from '../test/unit/exports/quarter-fixture'
import { notificationFileWhat, suggestedFileName } from '../src/main/exports/wording'
import { recordExport } from '../src/main/exports/record-export'
import { stageExport } from '../src/main/exports/stage-export'
import { signDocx } from '../src/main/exports/verify/sign'
import { testSigner } from '../test/unit/exports/verify/helpers'

/** Signed as the app signs every Word export (a fresh invented key each run), so the footer shows a verification code. */
const signed = async (bytes: Promise<Buffer>): Promise<Buffer> => (await signDocx(await bytes, testSigner())).bytes

interface Example {
  file: string
  what: string
  build: () => Promise<Buffer>
  /** For a long document: publish only its first pages, and the pages whose text matches. */
  publish?: { first: number; alsoWhere: RegExp }
}

function examples(): Example[] {
  const sh = stHelensResolved()
  const sh4 = stHelensAtStage4()
  const rapid = solihullRapid()
  const so2 = solihullStage2()
  const wo = wolverhamptonResolved()
  const harsh = harshStHelens()
  const harshResolved = harshStHelens({ resolved: true })
  const stHelensForm = (notificationId: string, s = sh) => () =>
    notificationDocument({ ...s, notificationId }, exportOptions(s.now))
  const q = quarterFixture()
  const figures = (quarter: 1 | 2 | 3 | 4, year: number) =>
    quarterlyFigures(q.disputes, q.records, { year, quarter, calendar: defaultCalendar(), now: q.now, policies: q.policies })
  return [
    { file: 'escalation-record', what: 'Escalation record for the child’s file (St Helens, resolved at stage 3)', build: () => escalationRecord(sh, exportOptions(sh.now)) },
    { file: 'escalation-record-with-drafts', what: 'Escalation record of an open dispute with two drafts (left out, and said so)', build: () => escalationRecord(sh4, exportOptions(sh4.now)) },
    { file: 'st-helens-orange-stage-1', what: 'St Helens Orange Notification Stage 1 form', build: stHelensForm('stage-1-form') },
    { file: 'st-helens-green-stage-2', what: 'St Helens Green Notification Stage 2 form', build: stHelensForm('stage-2-form') },
    { file: 'st-helens-blue-stage-3', what: 'St Helens Blue Notification Stage 3 form', build: stHelensForm('stage-3-form') },
    { file: 'st-helens-pink-stage-4', what: 'St Helens Pink Notification Stage 4 form', build: stHelensForm('stage-4-form', sh4) },
    { file: 'st-helens-purple-outcome', what: 'St Helens Purple Resolution Outcome Form', build: () => outcomeDocument(sh, exportOptions(sh.now)) },
    { file: 'solihull-business-manager', what: 'Solihull: notification to the SSCP Business Manager (stage 2)', build: () => notificationDocument({ ...so2, notificationId: 'business-manager-evidence', stage: 2 }, exportOptions(so2.now)) },
    { file: 'solihull-iro', what: 'Solihull: notification for the Independent Reviewing Officer (child protection plan)', build: () => notificationDocument({ ...so2, notificationId: 'independent-reviewing-officer' }, exportOptions(so2.now)) },
    { file: 'wolverhampton-written-confirmation', what: 'Wolverhampton: written confirmation of the agreed outcome', build: () => outcomeDocument(wo, exportOptions(wo.now)) },
    { file: 'rapid-resolution-log', what: 'Solihull rapid-resolution log (phone ladder)', build: () => rapidResolutionLog(rapid, exportOptions(rapid.now)) },
    { file: 'stage-4-meeting-pack', what: 'Stage 4 meeting pack (St Helens, open: a contents list, records numbered A1…)', build: () => meetingPack({ ...sh4, arrangement: { when: '17 Nov 2026, 14:00', where: 'St Helens Town Hall, Room 3' } }, exportOptions(sh4.now)) },
    { file: 'stage-4-meeting-pack-resolved', what: 'Stage 4 meeting pack after resolution (six children, 60 records, one of 3,000 words): the outcome, no decision asked for', build: () => meetingPack(harshResolved, exportOptions(harshResolved.now)), publish: { first: 6, alsoWhere: /Paragraph (1|7) begins/ } },
    { file: 'solihull-meeting-pack', what: 'Solihull stage 4 meeting pack as prepared in the app: independent Chair, attendees, the question, each agency’s position in its own words, what happened at each stage', build: () => { const m = solihullMeeting(); return meetingPack(m, exportOptions(m.now)) } },
    { file: 'solihull-meeting-record', what: 'Record of the Solihull stage 4 meeting once its decision is signed off: the decision record, actions, feedback and the reports to the two groups', build: () => { const m = solihullMeeting({ signedOff: true, resolved: true }); return meetingPack(m, exportOptions(m.now)) } },
    { file: 'st-helens-iro', what: 'St Helens: notice for the Independent Reviewing Officer, owed because one of six children is looked after (that child only)', build: () => notificationDocument({ ...harsh, notificationId: 'iro-looked-after' }, exportOptions(harsh.now)) },
    {
      file: 'signed-off-record',
      what: 'A signed-off contact record for the child’s file (St Helens): approved, countersigned after it was asked for, with two addenda; the verification code in the footer',
      build: () => {
        const r = harsh.records.find((x) => x.status === 'approved' && x.countersignature !== null)!
        const by = { byPersonId: r.author.personId, byName: r.author.name, ...(r.author.role ? { byRole: r.author.role } : {}) }
        const record = {
          ...r,
          countersignatureAsk: { personId: r.countersignature!.byPersonId, name: r.countersignature!.byName, askedAt: r.approval!.at, byPersonId: r.author.personId, byName: r.author.name },
          addenda: [
            { ...by, id: 'addendum-1', at: '2026-11-06T16:20:00.000Z', reason: 'A detail was missed', text: 'The social worker also said the health visitor had not been asked for her view.' },
            { ...by, id: 'addendum-2', at: '2026-11-09T09:05:00.000Z', reason: 'Correction', text: 'The call lasted twenty minutes, not ten.' },
          ],
        }
        return signed(recordExport({ dispute: harsh.dispute, policy: harsh.policy, children: harsh.children.slice(0, 1), record }, exportOptions(harsh.now)))
      },
    },
    {
      file: 'stage-export',
      what: 'One stage for the child’s file (St Helens, stage 4, open): its deadline with its basis, its approved record, and “1 draft was left out”',
      build: () => {
        const firstDraft = sh4.records.find((r) => r.stage === 4 && r.status === 'draft')!
        const records = sh4.records.map((r) => (r === firstDraft ? { ...r, weSaid: 'Asked for the Key Partner decision in writing by 17 Nov, as stage 4 expects.', status: 'approved' as const, approval: { byPersonId: r.author.personId, byName: r.author.name, at: r.recordedAt } } : r))
        return signed(stageExport({ dispute: sh4.dispute, policy: sh4.policy, records, children: sh4.children, stage: 4 }, exportOptions(sh4.now)))
      },
    },
    {
      file: 'quarterly-trends',
      what: 'Quarterly trends report (Oct–Dec 2026, calendar quarters named by their months, with the three quarters before it)',
      build: () =>
        trendsReport(
          { partnership: 'St Helens Safeguarding Children Partnership (SCP)', figures: figures(4, 2026), earlier: [figures(1, 2026), figures(2, 2026), figures(3, 2026)] },
          exportOptions(q.now),
        ),
    },
    {
      file: 'quarterly-return',
      what: 'Quarterly return for the partnership (Q3 2026/27, financial-year quarters): counts only, small counts shown as “fewer than 5” and others withheld so none can be worked out; also as [CSV](quarterly-return.csv)',
      build: () => quarterlyReturnDocument({ partnership: 'St Helens Safeguarding Children Partnership (SCP)', figures: exampleReturn() }, exportOptions(q.now)),
    },
  ]
}

/** The quarterly return of the example quarter, from the same invented disputes as the trends report. */
function exampleReturn() {
  const q = quarterFixture()
  return quarterlyReturn(q.disputes, { startYear: 2026, quarter: 3, calendar: defaultCalendar(), now: q.now, policies: q.policies, children: [], ownAgency: 'Northfield Academy' })
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep')
  const work = mkdtempSync(join(tmpdir(), 'escalation-exports-'))
  const out = resolve(__dirname, '../docs/exports')
  mkdirSync(out, { recursive: true })
  for (const f of readdirSync(out)) if (f.endsWith('.png')) rmSync(join(out, f))
  const lines: string[] = []
  const examplesList = examples()
  for (const ex of examplesList) writeFileSync(join(work, `${ex.file}.docx`), await ex.build())
  // One LibreOffice process for every file, with its own profile so it never meets another instance.
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', work, ...examplesList.map((ex) => join(work, `${ex.file}.docx`))],
    { stdio: 'ignore' },
  )
  for (const ex of examplesList) {
    execFileSync('pdftoppm', ['-png', '-r', '60', join(work, `${ex.file}.pdf`), join(work, ex.file)])
    const pageNumber = (f: string) => Number(/(\d+)\.png$/.exec(f)![1])
    const all = readdirSync(work)
      .filter((f) => f.startsWith(`${ex.file}-`) && /^-\d+\.png$/.test(f.slice(ex.file.length)))
      .sort((a, b) => pageNumber(a) - pageNumber(b))
    const publish = ex.publish
    const pages = publish
      ? all.filter((f) => {
          const n = pageNumber(f)
          const text = execFileSync('pdftotext', ['-f', String(n), '-l', String(n), join(work, `${ex.file}.pdf`), '-'], { encoding: 'utf8' })
          return n <= publish.first || publish.alsoWhere.test(text)
        })
      : all
    for (const p of pages) copyFileSync(join(work, p), join(out, `${ex.file}-${pageNumber(p)}.png`))
    const note = pages.length < all.length ? ` (${pages.length} of its ${all.length} pages)` : ''
    lines.push(`| ${ex.what} | ${pages.map((p) => `[${pageNumber(p)}](${ex.file}-${pageNumber(p)}.png)`).join(' ')}${note} |`)
    console.log(`${ex.file}: ${all.length} page(s)`)
  }
  writeFileSync(join(out, 'quarterly-return.csv'), quarterlyReturnCsv({ partnership: 'St Helens Safeguarding Children Partnership (SCP)', figures: exampleReturn() }))
  // The email draft for the Orange form, to open in a mail program.
  const sh = stHelensResolved()
  const orange = await notificationDocument({ ...sh, notificationId: 'stage-1-form' }, exportOptions(sh.now))
  writeFileSync(
    join(work, 'st-helens-orange-stage-1.eml'),
    notificationEmail({ dispute: sh.dispute, policy: sh.policy, notificationId: 'stage-1-form', document: orange, filename: suggestedFileName(sh.dispute.reference, notificationFileWhat(sh.policy, 'stage-1-form', 1), 'docx'), senderName: 'Priya Shah', now: sh.now, children: sh.children }),
  )
  writeFileSync(
    join(out, 'README.md'),
    [
      '# Example exports',
      '',
      'Every Word document the app exports, built from invented data (no real people) under the built-in',
      'policies by `npx tsx scripts/export-examples.ts`, converted with LibreOffice and rendered at 60 dpi.',
      'Regenerate after changing anything in `src/main/exports/`. The harsh case (six children with accented',
      'names, 60 records across four stages, one of 3,000 words, addenda, a retrospective and a countersigned',
      'record: `test/unit/exports/harsh-fixture.ts`) is rendered by `test/unit/exports/libreoffice-render.test.ts`,',
      'which checks that every table keeps all its rows, and all its text its order, in LibreOffice’s PDF.',
      '',
      'What every document does: no table row is `cantSplit` (LibreOffice drops rows of such tables near a',
      'page foot); a record is one table headed by its label, which repeats on every page it runs onto; a',
      'form’s colour band repeats likewise; the language is en-GB. The meeting pack’s contents list links to',
      'its sections and numbers the records A1, A2… (no page numbers, so no “update fields” prompt); once the',
      'dispute is resolved it gives the outcome instead of asking for a decision, and it never presents a',
      'record’s text as the other agency’s position. Deadlines read “escalated within timescale”, “resolved',
      'within timescale” or “still open, N working days over”. A notice owed because of one child’s',
      'circumstances names that child and carries only that child’s identifiers: by default the name and what',
      'the policy or its form asks for (the name and date of birth where it asks for nothing), as the DSL',
      'chooses before export. The trends report’s charts are Word’s own (editable, with axes, values and alt',
      'text), each followed by a table of its values; its quarters are named by their months (“Oct–Dec 2026”).',
      '',
      'Every Word document the app saves also carries a verification block in its custom properties and the',
      'block’s short code in its footer (“Verification code K7QD-M2XA”): Settings → Verify a document checks it.',
      'The signed-off record and the stage are shown signed with an invented key, as the app signs them.',
      '',
      '| document | pages |',
      '|---|---|',
      ...lines,
      '',
      '## Form fields filled from the vault',
      '',
      'A form is the policy’s data (`forms[]` in the policy JSON). Fields are filled by id where the log holds',
      'the answer; any other field is left as an empty bordered box to complete by hand. The ids understood:',
      '',
      '`date`, `submitter-name`, `submitter-role`, `submitter-agency`, `submitter-agency-details`,',
      '`submitter-contact-details` (from the exporting DSL’s profile), `raised-with-name`, `raised-with-agency`,',
      '`raised-with-contact-details` (the other agency), `raised-with-agency-details` (always blank: not held),',
      '`child-family-name`, `date-of-birth`, `current-level-of-need`, `ics-number`, `nhs-number`,',
      '`disputed-matter`, `stage-outcome-reached`, `reasons-for-escalation`, `outcome-summary`, `what-worked-well`,',
      '`what-were-you-worried-about`, `what-needs-to-change`, `lessons-to-forward`.',
      '',
      'Fields of an imported policy with other ids are filled where their kind makes the answer unambiguous:',
      'an `nhsNumber` field, a `tickList` from `reasonsForEscalation` (Word check boxes, ticked ☒ for the',
      'dispute’s reasons, that a person can tick or untick), a `choice`',
      'from `levelsOfNeed` or `stages`. Colours are named (Orange, Green, Blue, Pink, Purple, Red, Yellow, Grey)',
      'or given as `#RRGGBB`; an unknown colour is shown grey.',
      '',
    ].join('\n'),
  )
  if (keep) console.log(`Kept: ${work}`)
  else rmSync(work, { recursive: true, force: true })
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
