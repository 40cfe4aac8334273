/**
 * The quarter documents and their totals (src/main/caselog/quarter-index.ts) against the figures computed
 * from scratch (issue 20: "Quarterly figures from per-year summaries kept current by each save rather than
 * from every archive, carrying every dimension of the quarterly return").
 *
 * A model vault's year summaries go through random sequences of saves — opening, escalating, resolving,
 * withdrawing, reopening (a team's decision), notifications sent or recorded as not needed, a child's
 * setting or level of need changed, a closed dispute disposed of, and a team's batch changing disputes of
 * several years in one commit — each applied to the quarter documents as a commit applies it. After every
 * sequence: the documents equal those built from nothing, and every quarter's figures and return from them
 * equal `quarterlyFigures` and `quarterlyReturn` over every dispute, for all policies and for each one. So do
 * the quarters' figures kept as counts (`quarter-figures.<y>-<q>`, written with each quarter document a
 * commit writes), read at several present instants (before, during and after the saves, so that deadlines
 * still pending when counted are missed or not by the time the figures are read).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { QuarterDoc, QuarterFiguresDoc, QuarterTotalsDoc, SummaryDoc } from '../../../src/main/caselog/documents'
import {
  applySummaryChange,
  buildQuarterIndex,
  childrenOfQuarter,
  countsOf,
  disputesOfQuarter,
  emptyTotals,
  quarterKey,
  quartersTouched,
  wholeVaultFor,
} from '../../../src/main/caselog/quarter-index'
import { figuresOfQuarters } from '../../../src/main/caselog/quarters'
import { figuresFromCounts } from '../../../src/main/domain/quarter-counts'
import { bundledBankHolidays, createWorkingCalendar } from '../../../src/main/domain/calendar'
import { builtInPolicies } from '../../../src/main/domain/policies'
import type { QuarterlyChildFacts, QuarterlyDispute } from '../../../src/main/domain/quarterly-facts'
import { quarterlyReturn, type FinancialQuarterNumber } from '../../../src/main/domain/quarterly-return'
import { quarterlyFigures, sharedStageWord, type QuarterNumber } from '../../../src/main/domain/reports'

const calendar = createWorkingCalendar({ bankHolidays: bundledBankHolidays() })
const policies = builtInPolicies()
/** The built-in policies, and one the vault does not hold (an imported policy since removed): labelled by id. */
const POLICY_REFS = [
  ...policies.map((p) => ({ id: p.id, version: p.version, partnership: p.partnership })),
  { id: 'imported-elsewhere', version: 2, partnership: 'Elsewhere' },
]
const NOW = '2026-05-20T11:00:00.000Z'
const AGENCIES = ['Solihull Children’s Services', 'solihull children’s services ', 'West Midlands Police', 'Birmingham Community Healthcare', '']
const SETTINGS = ['Oak Hill Primary School', 'Elm Nursery', null]
const CHILDREN = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']

const day = (n: number): string => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)
/** Late in the evening in summer is the next day in London: the quarter boundaries are civil dates. */
const instant = (n: number, late: boolean): string => `${day(n)}T${late ? '23:30' : '10:00'}:00.000Z`

/** One save, as an arbitrary: which dispute, on which day, with what. */
const Step = fc.record({
  kind: fc.constantFrom('open', 'open', 'escalate', 'resolve', 'withdraw', 'reopen', 'sent', 'not-needed', 'child', 'dispose', 'team'),
  pick: fc.nat(1000),
  pick2: fc.nat(1000),
  gap: fc.integer({ min: 0, max: 45 }),
  late: fc.boolean(),
  dueIn: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  emergency: fc.boolean(),
})
type Step = typeof Step extends fc.Arbitrary<infer T> ? T : never

interface Model {
  disputes: Map<string, QuarterlyDispute>
  children: Map<string, QuarterlyChildFacts>
  day: number
  counter: number
}

/** The year summaries the model's disputes make, as the case log keeps them (documents.ts `summary.<year>`). */
function summariesOf(m: Model): Map<string, SummaryDoc> {
  const out = new Map<string, SummaryDoc>()
  for (const d of m.disputes.values()) {
    const year = d.id.slice(0, 4)
    const s = out.get(year) ?? { format: 1, disputes: {}, children: {} }
    s.disputes[d.id] = d
    for (const c of d.childIds) if (m.children.has(c)) s.children[c] = m.children.get(c)!
    out.set(year, s)
  }
  return out
}

function policyOf(d: QuarterlyDispute) {
  return policies.find((p) => p.id === d.policy.id)
}

/** Applies one save to the model; the disputes it changed, or none when it does not apply. */
function save(m: Model, s: Step): void {
  m.day += s.gap
  const all = [...m.disputes.values()]
  const open = all.filter((d) => d.status === 'open')
  const closed = all.filter((d) => d.status !== 'open')
  const at = instant(m.day, s.late)
  const due = (from: number) => (s.dueIn === null ? null : { deadline: s.emergency ? { kind: 'instant' as const, at: instant(from + s.dueIn, !s.late) } : { kind: 'date' as const, date: day(from + s.dueIn) } })
  const put = (d: QuarterlyDispute) => m.disputes.set(d.id, d)
  const leave = (d: QuarterlyDispute) => d.stageHistory.map((v, i) => (i === d.stageHistory.length - 1 && v.leftAt === null ? { ...v, leftAt: at } : v))
  switch (s.kind) {
    case 'open': {
      const ref = POLICY_REFS[s.pick % POLICY_REFS.length]!
      const policy = policies.find((p) => p.id === ref.id)
      const reasons = policy?.reasonsForEscalation.map((r) => r.id) ?? ['unknown-reason']
      const id = `${day(m.day).slice(0, 4)}-${(m.counter++).toString(16).padStart(6, '0')}`
      const emergency = s.emergency && s.pick2 % 3 === 0
      put({
        id,
        reference: `ESC-${id.slice(0, 4)}-${String(m.counter).padStart(4, '0')}`,
        status: 'open',
        route: emergency ? 'emergency' : 'stages',
        openedAt: at,
        closedAt: null,
        childIds: [...new Set([CHILDREN[s.pick2 % CHILDREN.length]!, CHILDREN[(s.pick2 >> 3) % CHILDREN.length]!])],
        policy: ref,
        otherAgency: { agency: AGENCIES[s.pick2 % AGENCIES.length]! },
        reasons: { ids: reasons.filter((_, i) => (s.pick2 >> i) & 1) },
        outcome: null,
        stageHistory: [{ route: emergency ? 'emergency' : 'stages', stage: emergency ? null : 1, enteredOn: day(m.day), leftAt: null, due: due(m.day) }],
        notificationsSent: [],
        notificationsNotNeeded: [],
      })
      return
    }
    case 'escalate': {
      const d = open[s.pick % Math.max(open.length, 1)]
      if (!d) return
      const last = d.stageHistory.at(-1)!
      put({ ...d, stageHistory: [...leave(d), { route: 'stages', stage: (last.stage ?? 0) + 1, enteredOn: day(m.day), leftAt: null, due: due(m.day) }] })
      return
    }
    case 'resolve':
    case 'withdraw': {
      const d = open[s.pick % Math.max(open.length, 1)]
      if (!d) return
      put({ ...d, status: s.kind === 'resolve' ? 'resolved' : 'withdrawn', closedAt: at, outcome: s.kind === 'resolve' ? { resolvedAt: at } : null, stageHistory: leave(d) })
      return
    }
    case 'reopen': {
      const d = closed[s.pick % Math.max(closed.length, 1)]
      if (!d) return
      put({ ...d, status: 'open', closedAt: null, outcome: null })
      return
    }
    case 'sent':
    case 'not-needed': {
      const d = all[s.pick % Math.max(all.length, 1)]
      if (!d) return
      const ids = policyOf(d)?.notifications.map((n) => n.id) ?? ['unknown-notification']
      const notificationId = ids[s.pick2 % ids.length]!
      if (s.kind === 'sent') put({ ...d, notificationsSent: [...d.notificationsSent, { notificationId, sentOn: day(m.day) }] })
      else put({ ...d, notificationsNotNeeded: [...d.notificationsNotNeeded, { notificationId, recordedAt: at }] })
      return
    }
    case 'child': {
      const levels = [...new Set(policies.flatMap((p) => p.levelsOfNeed.map((l) => l.id)))]
      const facts: QuarterlyChildFacts = s.pick2 % 4 === 0 ? {} : { settingName: SETTINGS[s.pick2 % SETTINGS.length]!, levelOfNeed: s.pick2 % 5 === 0 ? null : levels[s.pick2 % levels.length]! }
      m.children.set(CHILDREN[s.pick % CHILDREN.length]!, facts)
      return
    }
    case 'dispose': {
      const d = closed[s.pick % Math.max(closed.length, 1)]
      if (d) m.disputes.delete(d.id)
      return
    }
    case 'team': {
      // A team's batch: several disputes, of different years perhaps, moved on in one commit.
      for (const d of [all[s.pick % Math.max(all.length, 1)], all[s.pick2 % Math.max(all.length, 1)]]) {
        if (!d) continue
        const current = m.disputes.get(d.id)!
        if (current.status === 'open') put({ ...current, otherAgency: { agency: AGENCIES[(s.pick + 1) % AGENCIES.length]! }, stageHistory: current.stageHistory })
        else put({ ...current, status: 'open', closedAt: null, outcome: null })
      }
      return
    }
  }
}

interface Stored {
  quarters: Map<string, QuarterDoc>
  totals: QuarterTotalsDoc
  /** Each quarter's counts, as the commits wrote them: only ever with the quarter's document. */
  figures: Map<string, QuarterFiguresDoc>
}

/** The documents a build writes: every quarter's document, its counts and the totals. */
function build(summaries: Map<string, SummaryDoc>): Stored {
  const index = buildQuarterIndex(summaries)
  return { ...index, figures: new Map([...figuresOfQuarters(index.quarters)].flatMap(([k, f]) => (f ? [[k, f] as const] : []))) }
}

/** What a commit does: each changed year's summary applied to the stored quarter documents. */
function commit(stored: Stored, before: Map<string, SummaryDoc>, after: Map<string, SummaryDoc>): void {
  for (const year of new Set([...before.keys(), ...after.keys()])) {
    const next = after.get(year) ?? { format: 1, disputes: {}, children: {} }
    const prior = stored.totals.years.includes(year) ? (before.get(year) ?? { format: 1, disputes: {}, children: {} }) : null
    if (prior && JSON.stringify(prior) === JSON.stringify(next)) continue
    const current = new Map([...quartersTouched(prior, next)].flatMap((k) => (stored.quarters.has(k) ? [[k, stored.quarters.get(k)!] as const] : [])))
    const applied = applySummaryChange(year, prior, next, current, stored.totals)
    stored.totals = applied.totals
    for (const [k, d] of applied.quarters) {
      if (d) stored.quarters.set(k, d)
      else stored.quarters.delete(k)
    }
    for (const [k, f] of figuresOfQuarters(applied.quarters)) {
      if (f) stored.figures.set(k, f)
      else stored.figures.delete(k)
    }
  }
}

/** Before the first save, among them, and after the last: pending deadlines are read at each. */
const presents = (m: Model): string[] => [NOW, '2024-12-01T09:00:00.000Z', instant(Math.floor(m.day / 2), true), instant(m.day + 60, false)]

function compareEveryQuarter(m: Model, stored: Stored): void {
  const all = [...m.disputes.values()]
  const named = new Set(all.flatMap((d) => d.childIds))
  const children = [...m.children].filter(([id]) => named.has(id)).map(([id, f]) => ({ id, ...f }))
  const policyIds = [undefined, ...new Set(all.map((d) => d.policy.id))]
  const lastYear = Number(day(m.day).slice(0, 4))
  for (let year = 2024; year <= lastYear; year++)
    for (const quarter of [1, 2, 3, 4] as const) {
      const key = quarterKey(year, quarter)
      const doc = stored.quarters.get(key)
      for (const policyId of policyIds) {
        const mine = policyId ? all.filter((d) => d.policy.id === policyId) : all
        const common = { year, quarter: quarter as QuarterNumber, calendar, now: NOW, policies }
        expect(quarterlyFigures(disputesOfQuarter(doc, policyId), undefined, { ...common, wholeVault: wholeVaultFor(stored.totals, key, policyId) }), `${key} ${policyId ?? 'all'}`).toEqual(
          quarterlyFigures(mine, undefined, common),
        )
        // As the Reports screen reads them: the quarter's counts and the totals, finished at the present.
        const whole = wholeVaultFor(stored.totals, key, policyId)
        for (const now of presents(m)) {
          const finish = { ...common, now, stageWord: sharedStageWord(whole.policies, policies), openAtQuarterEnd: whole.openAtQuarterEnd }
          expect(figuresFromCounts(countsOf(stored.figures.get(key), policyId), finish), `counts ${key} ${policyId ?? 'all'} at ${now}`).toEqual(quarterlyFigures(mine, undefined, { ...common, now }))
        }
      }
      // The same months as a financial quarter: calendar Q1 of `year` is Q4 of (year - 1)/year.
      const fq = { startYear: quarter === 1 ? year - 1 : year, quarter: (quarter === 1 ? 4 : quarter - 1) as FinancialQuarterNumber }
      const returnOf = (disputes: QuarterlyDispute[], kids: typeof children) => quarterlyReturn(disputes, { ...fq, calendar, now: NOW, policies, children: kids, ownAgency: 'Oak Hill Primary School' })
      expect(returnOf(disputesOfQuarter(doc), childrenOfQuarter(doc)), `return ${key}`).toEqual(returnOf(all, children))
    }
}

describe('the quarter documents', () => {
  it('always give the figures and the return computed from scratch, and equal a build from nothing, over random sequences of saves', () => {
    fc.assert(
      fc.property(fc.array(Step, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 20 }), (steps, builtAfter) => {
        const m: Model = { disputes: new Map(), children: new Map(CHILDREN.map((c, i) => [c, { settingName: SETTINGS[i % 3]!, levelOfNeed: null }])), day: 0, counter: 1 }
        // A vault from before the quarter documents: they are built from the summaries part-way through.
        let stored: Stored | null = null
        steps.forEach((s, i) => {
          if (i === builtAfter) stored = build(summariesOf(m))
          const before = summariesOf(m)
          save(m, s)
          if (stored) commit(stored, before, summariesOf(m))
        })
        stored ??= build(summariesOf(m))
        const fresh = build(summariesOf(m))
        expect(stored.quarters).toEqual(fresh.quarters)
        expect(stored.totals.policies).toEqual(fresh.totals.policies)
        expect(stored.figures).toEqual(fresh.figures)
        expect([...stored.figures.keys()].sort()).toEqual([...stored.quarters.keys()].sort())
        compareEveryQuarter(m, stored)
      }),
      { numRuns: 150 },
    )
  })

  it('hold only what counts in their quarter, and nothing for a quarter where nothing happened', () => {
    const m: Model = { disputes: new Map(), children: new Map([['c1', { settingName: 'Elm Nursery' }]]), day: 40, counter: 1 }
    save(m, { kind: 'open', pick: 0, pick2: 0, gap: 0, late: false, dueIn: 3, emergency: false })
    const built = buildQuarterIndex(summariesOf(m))
    expect([...built.quarters.keys()]).toEqual(['2025-1'])
    expect(emptyTotals().policies).toEqual({})
    expect(wholeVaultFor(built.totals, '2025-4').openAtQuarterEnd).toBe(1)
    expect(wholeVaultFor(built.totals, '2024-4').openAtQuarterEnd).toBe(0)
  })
})
