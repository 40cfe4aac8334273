/**
 * Issue 15: "the pack's 'position' section contains only text attributed to the other agency; the
 * resolved pack contains the decision record", and a pack exported after the decision never asks for it.
 */
import { describe, expect, it } from 'vitest'
import { meetingPack } from '../../../src/main/exports'
import { exportOptions } from './fixtures'
import { DSL_OWN_NOTE, OUR_WORDS, THEIR_WORDS, solihullMeeting } from './meeting-fixture'
import { readDocx, squash } from './read-docx'

/** The text of one section: from its heading (after the contents list) to the next. */
function section(text: string, from: string, to: string): string {
  const t = squash(text)
  const a = t.indexOf(from, t.indexOf('Appendix A holds'))
  const b = t.indexOf(to, a + from.length)
  expect(a).toBeGreaterThan(-1)
  expect(b).toBeGreaterThan(a)
  return t.slice(a, b)
}

describe('the stage 4 meeting pack, before the meeting', () => {
  it('gives as the other agency’s position only what its people said, as the records attribute it, with the record’s number', async () => {
    const s = solihullMeeting()
    const t = (await readDocx(await meetingPack(s, exportOptions(s.now)))).text
    const positions = section(t, '4. Each agency’s position', '5. Children')
    const theirs = positions.slice(positions.indexOf('Solihull Children’s Services (MASH) (Rachel Moore'))
    expect(theirs).toContain(squash(THEIR_WORDS))
    expect(theirs).toContain('A2, ')
    expect(theirs).not.toContain(squash(OUR_WORDS))
    // The record whose speaker was not recorded holds the DSL's own words: nobody's position.
    expect(positions).not.toContain(squash(DSL_OWN_NOTE))
    // Our side's words are ours, under the raising agency.
    const ours = positions.slice(0, positions.indexOf('Solihull Children’s Services (MASH) (Rachel Moore'))
    expect(ours).toContain('Northfield Primary School (raising the disagreement)')
    expect(ours).toContain(squash(OUR_WORDS))
    expect(ours).toContain('The school believes Kai is at risk of significant harm.')
  })

  it('carries the meeting, the question and what happened at each stage, and asks for the decision', async () => {
    const s = solihullMeeting()
    const t = squash((await readDocx(await meetingPack(s, exportOptions(s.now)))).text)
    expect(t).toContain('Stage 4 meeting pack')
    const meeting = section(t, '2. The meeting', '3. The question for decision')
    // Solihull (seed 001): "allocate a Chair of sufficient seniority, who is independent of the case"
    expect(meeting).toContain('The Chair must be independent of the case.')
    expect(meeting).toContain('Dr Helen Ashby, Head of Safeguarding, Birmingham and Solihull ICB')
    expect(meeting).toContain('Independent of the case')
    // "…report … to the Learning and Development Group and the Assurance and Review Group."
    expect(meeting).toContain('Learning and Development Group')
    expect(meeting).toContain('Assurance and Review Group')
    expect(meeting).toContain('Sam Okafor, School nurse')
    const question = section(t, '3. The question for decision', '4. Each agency’s position')
    expect(question).toContain('Should a strategy discussion be held about Kai')
    expect(question).toContain('A strategy discussion within one working day.')
    const stages = section(t, '6. Stage by stage', '7. The decision sought')
    expect(stages).toContain('A call to the MASH team manager.')
    expect(stages).toContain('MASH kept to its threshold decision.')
    expect(stages).toContain('Rachel Moore, MASH team manager, Solihull Children’s Services')
    const decision = section(t, '7. The decision sought', '8. Chronology')
    expect(decision).toContain('The meeting is asked to decide')
    expect(decision).toContain('Reports to the Learning and Development Group')
  })
})

describe('the record of the stage 4 meeting, once its decision is signed off', () => {
  for (const resolved of [false, true]) {
    it(`contains the decision record and asks for no decision (${resolved ? 'dispute resolved' : 'dispute still open'})`, async () => {
      const s = solihullMeeting({ signedOff: true, resolved })
      const t = squash((await readDocx(await meetingPack(s, exportOptions(s.now)))).text)
      expect(t).toContain('Record of the stage 4 meeting')
      expect(t).not.toContain('The meeting is asked to decide')
      expect(t).not.toContain('The decision sought')
      expect(t).not.toContain('for the Chair to complete')
      const record = section(t, '7. The decision record', '8. Chronology')
      expect(record).toContain('signed off by Priya Shah (DSL) on 10 Dec 2026, 16:30')
      expect(record).toContain('A strategy discussion will be held about Kai by 12 Dec 2026.')
      expect(record).toContain('Two separate disclosures and a fresh injury meet the threshold.')
      expect(record).toContain('Convene the strategy discussion Rachel Moore 12 Dec 2026')
      expect(record).toContain('Reports to the Learning and Development Group Dr Helen Ashby')
      expect(record).toContain('Reports to the Assurance and Review Group Dr Helen Ashby')
      expect(record).toContain('Feeds back to the practitioners Dr Helen Ashby, to Priya Shah and Rachel Moore, today')
      if (resolved) expect(record).toContain('The dispute was resolved on 10 Dec 2026')
      expect(section(t, '3. The question for decision', '4. Each agency’s position')).toContain('The question the meeting decided')
    })
  }
})
