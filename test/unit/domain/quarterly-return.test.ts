/**
 * The quarterly return (issue 15): "agency raising (our team or setting) and agency receiving, stage
 * reached, level of need, reason, resolved or not, working days to resolution — with no names or
 * identifiers and small counts suppressed (fewer than 5 shown as "fewer than 5" …)". Counted by hand from
 * the nine disputes of test/unit/exports/quarter-fixture.ts: Q3 of 2026/27 is October to December 2026.
 */
import { describe, expect, it } from 'vitest'
import { defaultCalendar } from '../../../src/main/domain/calendar'
import { financialQuarterBounds, financialQuarterOf, quarterlyReturn } from '../../../src/main/domain/quarterly-return'
import { recoverableCells, shownWords } from '../../../src/main/domain/suppression'
import { csvCell } from '../../../src/main/exports/quarterly-return'
import { quarterFixture } from '../exports/quarter-fixture'

describe('financial-year quarters', () => {
  it('Q1 is April to June and Q4 is January to March of the next calendar year', () => {
    expect(financialQuarterBounds({ startYear: 2026, quarter: 1 })).toEqual({ from: '2026-04-01', to: '2026-06-30', label: 'Q1 2026/27', months: 'April to June 2026' })
    expect(financialQuarterBounds({ startYear: 2026, quarter: 4 })).toEqual({ from: '2027-01-01', to: '2027-03-31', label: 'Q4 2026/27', months: 'January to March 2027' })
    expect(financialQuarterOf('2027-02-10')).toEqual({ startYear: 2026, quarter: 4 })
    expect(financialQuarterOf('2026-10-01')).toEqual({ startYear: 2026, quarter: 3 })
    expect(() => financialQuarterBounds({ startYear: 2026, quarter: 5 as 1 })).toThrow(expect.objectContaining({ code: 'quarter-invalid' }))
  })
})

describe('quarterlyReturn', () => {
  const q = quarterFixture()
  const children = [{ id: 'child-1', name: 'Invented Child', dateOfBirth: null, nhsNumber: null, icsNumber: '', levelOfNeed: 'early-help', childProtectionPlan: false, lookedAfter: false, circumstanceHistory: [], settingType: null, settingName: '' }]
  const r = quarterlyReturn(q.disputes, { startYear: 2026, quarter: 3, calendar: defaultCalendar(), now: q.now, policies: q.policies, children, ownAgency: 'Northfield Academy' })

  it('counts the disputes raised in the quarter (D1 to D6, D9: seven) and hides every count under 5', () => {
    // Seven disputes in all: the total is shown; every agency's own count is under 5.
    expect(shownWords(r.byAgencyRaising.total)).toBe('7')
    expect(r.byAgencyRaising.rows).toEqual(['Northfield Academy'])
    expect(r.byAgencyReceiving.rows).toEqual(['St Helens Children’s Social Care', 'Merseyside Police', 'Mersey and West Lancashire NHS Trust', 'Solihull MASH'])
    for (const row of r.byAgencyReceiving.cells) for (const c of row) expect(c.shown === 'count' ? c.value === 0 || c.value >= 5 : true).toBe(true)
    // Level of need in each dispute's policy's words: St Helens calls it "Early Help"; D9 is Solihull's, whose
    // policy lists no such level, so it keeps the value as recorded.
    expect(r.byLevelOfNeed.rows).toEqual(['Early Help', 'early-help'])
    expect(r.byLevelOfNeed.columns).toEqual(['Resolved', 'Withdrawn', 'Still open'])
    expect(r.complete).toBe(true)
  })

  it('no withheld or "fewer than 5" count can be worked out from what any table shows', () => {
    for (const t of [r.byAgencyRaising, r.byAgencyReceiving, r.byLevelOfNeed, r.resolutionDays, r.notifications]) expect(recoverableCells(t)).toEqual([])
    // The two tables by stage share their stage totals: what one withholds, the other does too.
    r.byAgencyRaising.columnTotals.forEach((c, j) => expect(c.shown === 'withheld').toBe(r.byAgencyReceiving.columnTotals[j].shown === 'withheld'))
  })

  it('working days to resolution: D1, D2, D7 and D9 were resolved in the quarter, too few for a median', () => {
    expect(r.medianWorkingDaysToResolution).toBeNull()
    expect(shownWords(r.resolutionDays.columnTotals[0])).toBe('fewer than 5')
  })

  it('names no child and no dispute', () => {
    expect(JSON.stringify(r)).not.toMatch(/Invented Child|"D\d"|id-D/)
  })
})

describe('CSV cells for Excel', () => {
  it('escapes cells Excel would read as a formula and quotes commas, quotes and line breaks', () => {
    for (const f of ['=SUM(A1)', '+1', '-1', '@cmd', '\tx', '\rx']) expect(csvCell(f).replace(/^"/, '').startsWith("'")).toBe(true)
    expect(csvCell('Children’s Social Care, North')).toBe('"Children’s Social Care, North"')
    expect(csvCell('say "no"')).toBe('"say ""no"""')
    expect(csvCell('Stage 2')).toBe('Stage 2')
  })
})
