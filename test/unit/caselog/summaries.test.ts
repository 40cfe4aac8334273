/**
 * The quarterly figures come from the year summaries, kept current by each save (issue 20: "Quarterly
 * figures from per-year summaries kept current by each save rather than from every archive, carrying
 * every dimension of the quarterly return"). Each test compares them with a full pass over the archives
 * and open disputes — the way the figures were computed before summaries — for every quarter touched:
 * after a seeded run of openings, escalations, resolutions, withdrawals, changes to children, retention
 * disposals and reopenings of the vault; and for the v1 fixture vault, written before summaries existed.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApi } from '../../../src/main/api'
import { CaseLog, readDocument } from '../../../src/main/caselog'
import { quarterlyReturn, type FinancialQuarterNumber } from '../../../src/main/domain/quarterly-return'
import { quarterlyFigures, type QuarterNumber } from '../../../src/main/domain/reports'
import { quarterlyChildFactsOf, quarterlyFactsOf } from '../../../src/main/domain/quarterly-facts'
import { buildQuarterIndex, childrenOfQuarter, countsOf, disputesOfQuarter, wholeVaultFor } from '../../../src/main/caselog/quarter-index'
import { figuresOfQuarters } from '../../../src/main/caselog/quarters'
import { figuresFromCounts } from '../../../src/main/domain/quarter-counts'
import { sharedStageWord } from '../../../src/main/domain/reports'
import { KDF_FLOOR, openVault } from '../../../src/main/store'
import { openTestApi, PASS } from '../api/helpers'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

/** mulberry32: the same run every time. */
function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! }
}

/** Figures and return for every quarter from `from` to `to`, from the summaries and from a full pass. */
async function bothWays(dir: string, personId: string, passphrase: string, now: string, years: [number, number]) {
  const vault = await openVault(dir, { personId, passphrase, now: () => new Date(now), auditUnlock: false })
  try {
    const log = await CaseLog.open(vault)
    const facts = await log.quarterlyFacts()
    const all = (await log.allDisputes()).map((e) => e.dispute)
    const children = Object.values(await log.children())
    const pairs: { quarter: string; fromSummaries: unknown; fullPass: unknown }[] = []
    // Every dimension, before any count is small enough to be suppressed: each dispute's facts, and the
    // setting and level of need of every child of a summarised dispute, as they stand now.
    const byId = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id))
    pairs.push({ quarter: 'facts of every dispute', fromSummaries: byId(facts.disputes), fullPass: byId(all.map(quarterlyFactsOf)) })
    const named = new Set(all.flatMap((d) => d.childIds))
    // A child's change follows its disputes, found from the summaries ("api/children.ts child update loads
    // every archive — use the per-year summaries"): the same disputes a full pass finds.
    for (const childId of named)
      pairs.push({
        quarter: `disputes of child ${childId}`,
        fromSummaries: (await log.disputesOfChild(childId)).map((d) => d.id).sort(),
        fullPass: all.filter((d) => d.childIds.includes(childId)).map((d) => d.id).sort(),
      })
    pairs.push({
      quarter: 'facts of every child',
      fromSummaries: byId(facts.children),
      fullPass: byId(children.filter((c) => named.has(c.id)).map((c) => ({ id: c.id, ...quarterlyChildFactsOf(c) }))),
    })
    const common = { calendar: log.calendar(), now, policies: log.policies() }
    for (let year = years[0]; year <= years[1]; year++)
      for (const quarter of [1, 2, 3, 4] as const) {
        pairs.push({
          quarter: `figures ${year} Q${quarter}`,
          fromSummaries: quarterlyFigures(facts.disputes, undefined, { year, quarter: quarter as QuarterNumber, ...common }),
          fullPass: quarterlyFigures(all, undefined, { year, quarter: quarter as QuarterNumber, ...common }),
        })
        const returnOf = (disputes: typeof facts.disputes, kids: typeof facts.children) =>
          quarterlyReturn(disputes, { startYear: year, quarter: quarter as FinancialQuarterNumber, ...common, children: kids, ownAgency: 'Oak Hill Primary School' })
        pairs.push({ quarter: `return ${year}/${year + 1} Q${quarter}`, fromSummaries: returnOf(facts.disputes, facts.children), fullPass: returnOf(all, children) })
      }
    // The quarter documents, kept by each save since they were built (or built from a vault from before
    // them): as stored, they equal a build from the summaries as stored, and give the same figures and return.
    expect(vault.has('quarter-totals'), 'the quarter documents were built').toBe(true)
    const summaries = new Map<string, ReturnType<typeof readDocument<'summary'>>>()
    for (const docId of vault.documentIds().filter((id) => id.startsWith('summary.'))) summaries.set(docId.slice(8), readDocument('summary', docId, await vault.load<unknown>(docId)))
    const rebuilt = buildQuarterIndex(summaries)
    const storedQuarters = new Map<string, unknown>()
    for (const docId of vault.documentIds().filter((id) => id.startsWith('quarter.'))) storedQuarters.set(docId.slice(8), readDocument('quarter', docId, await vault.load<unknown>(docId)))
    pairs.push({ quarter: 'quarter documents', fromSummaries: storedQuarters, fullPass: rebuilt.quarters })
    pairs.push({ quarter: 'quarter totals', fromSummaries: readDocument('quarterTotals', 'quarter-totals', await vault.load<unknown>('quarter-totals')), fullPass: rebuilt.totals })
    // Each quarter's figures as counts, kept with its document: as stored, they equal those of the rebuilt documents.
    const storedFigures = new Map<string, unknown>()
    for (const docId of vault.documentIds().filter((id) => id.startsWith('quarter-figures.'))) storedFigures.set(docId.slice(16), readDocument('quarterFigures', docId, await vault.load<unknown>(docId)))
    pairs.push({ quarter: 'quarter figures', fromSummaries: storedFigures, fullPass: figuresOfQuarters(rebuilt.quarters) })
    for (let year = years[0]; year <= years[1]; year++)
      for (const quarter of [1, 2, 3, 4] as const) {
        const { key, quarter: doc, totals } = await log.quarterFacts(year, quarter)
        pairs.push({
          quarter: `figures ${year} Q${quarter} from its quarter document`,
          fromSummaries: quarterlyFigures(disputesOfQuarter(doc), undefined, { year, quarter, ...common, wholeVault: wholeVaultFor(totals, key) }),
          fullPass: quarterlyFigures(all, undefined, { year, quarter, ...common }),
        })
        // As the Reports screen reads them (reports.quarterly): the quarter's counts and the totals, for all
        // policies and for one (and one the vault does not use).
        const counted = await log.quarterFigures(year, quarter)
        for (const policyId of [undefined, 'solihull-sscp', 'not-a-policy']) {
          const whole = wholeVaultFor(counted.totals, counted.key, policyId)
          pairs.push({
            quarter: `figures ${year} Q${quarter} (${policyId ?? 'all'}) from its counts`,
            fromSummaries: figuresFromCounts(countsOf(counted.figures, policyId), { year, quarter, ...common, stageWord: sharedStageWord(whole.policies, common.policies), openAtQuarterEnd: whole.openAtQuarterEnd }),
            fullPass: quarterlyFigures(policyId ? all.filter((d) => d.policy.id === policyId) : all, undefined, { year, quarter, ...common }),
          })
        }
        const fq = { startYear: quarter === 1 ? year - 1 : year, quarter: (quarter === 1 ? 4 : quarter - 1) as FinancialQuarterNumber }
        pairs.push({
          quarter: `return of ${year} Q${quarter} from its quarter document`,
          fromSummaries: quarterlyReturn(disputesOfQuarter(doc), { ...fq, ...common, children: childrenOfQuarter(doc), ownAgency: 'Oak Hill Primary School' }),
          fullPass: quarterlyReturn(all, { ...fq, ...common, children, ownAgency: 'Oak Hill Primary School' }),
        })
      }
    // Each year's summary on its own (the return merges them, which could hide one that fell behind).
    const current = new Map(children.map((c) => [c.id, quarterlyChildFactsOf(c)]))
    for (const docId of vault.documentIds().filter((id) => id.startsWith('summary.'))) {
      const summary = readDocument('summary', docId, await vault.load<unknown>(docId))
      pairs.push({
        quarter: `children of ${docId}`,
        fromSummaries: summary.children,
        fullPass: Object.fromEntries(Object.keys(summary.children).map((id) => [id, current.get(id)])),
      })
    }
    return { pairs, disputes: all.length, summarised: facts.disputes.length, docIds: vault.documentIds() }
  } finally {
    await vault.lock()
  }
}

describe('the year summaries', () => {
  it('give the figures a full pass over the archives gives, after a seeded run of every kind of change', { timeout: 600_000 }, async () => {
    const t = await openTestApi('2025-01-06T09:00:00Z')
    cleanups.push(t.cleanup)
    const me = (await t.call('vault.session', {}))!.person
    const r = rng(20_271_215)
    const settings = ['Oak Hill Primary School', 'Elm Nursery', null]
    const levels = ['Universal', 'Early help', 'Child in need', null]
    const agencies = ['Solihull Children’s Services', 'solihull children’s services ', 'West Midlands Police', 'Birmingham Community Healthcare']
    const kids: string[] = []
    for (let i = 0; i < 5; i++)
      kids.push((await t.call('children.create', { child: { name: `Child ${i}`, dateOfBirth: '2016-05-04', settingName: r.pick(settings), levelOfNeed: r.pick(levels) } })).id)
    const open: string[] = []
    const closed: string[] = []
    const done: Record<string, number> = {}
    const day = () => t.clock.now.toISOString().slice(0, 10)
    // The quarter documents are built now, before any dispute, so every save below keeps them.
    await t.call('reports.quarterly', { year: 2025, quarter: 1 })
    for (let step = 0; step < 48; step++) {
      // Past the children's retention date (25 years from their birth) for the last third: disposals then.
      if (step === 30) t.at('2041-06-02T09:00:00Z')
      t.at(new Date(t.clock.now.getTime() + Math.floor(1 + r.next() * 40) * 86_400_000).toISOString())
      const roll = r.next()
      const id = open.length ? r.pick(open) : null
      let kind: string
      try {
        if (!id || roll < 0.3) {
          kind = 'open'
          const view = await t.call('disputes.open', {
            policyId: 'solihull-sscp',
            dispute: {
              childIds: [...new Set([r.pick(kids), r.pick(kids)])],
              otherAgency: { agency: r.pick(agencies), practitioner: 'Jo Bloggs', role: 'Social worker' },
              disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
              reasons: { ids: [], text: 'We believe the threshold is met.' },
              disagreementOn: day(),
              triage: { level: 'standard' },
            },
          })
          open.push(view.dispute.id)
        } else if (roll < 0.5) {
          kind = 'escalate'
          await t.call('disputes.escalate', { disputeId: id, input: {} })
        } else if (roll < 0.62) {
          kind = 'resolve'
          await t.call('disputes.resolve', { disputeId: id, input: { summary: 'Agreed', writtenConfirmation: { receivedOn: day(), from: 'Jo Bloggs' } } })
          open.splice(open.indexOf(id), 1)
          closed.push(id)
        } else if (roll < 0.72) {
          kind = 'withdraw'
          await t.call('disputes.withdraw', { disputeId: id, input: { reason: 'Resolved informally' } })
          open.splice(open.indexOf(id), 1)
          closed.push(id)
        } else if (roll < 0.85) {
          kind = 'child'
          await t.call('children.update', { id: r.pick(kids), changes: { settingName: r.pick(settings), levelOfNeed: r.pick(levels) } })
        } else if ((roll < 0.93 || step >= 30) && roll >= 0.85 && step >= 30 && closed.length > 0) {
          kind = 'dispose'
          const gone = closed.splice(Math.floor(r.next() * closed.length), 1)[0]!
          await t.call('retention.decide', { disputeId: gone, decision: 'dispose', reason: 'Retention period ended; nothing outstanding' })
        } else {
          kind = 'reopen'
          await t.call('vault.lock', {})
          await t.call('vault.unlock', { dir: t.vaultDir, personId: me.personId, passphrase: PASS })
        }
        done[kind] = (done[kind] ?? 0) + 1
      } catch (error) {
        // An escalation past the final stage is refused, as it should be; anything else is a failure.
        if ((error as { code?: string }).code !== 'final-stage') throw error
      }
    }
    for (const kind of ['open', 'escalate', 'resolve', 'withdraw', 'child', 'dispose', 'reopen']) expect(done[kind] ?? 0, kind).toBeGreaterThan(0)

    // The session's own figures come from the summaries too.
    const now = t.clock.now.toISOString()
    const inSession = await t.call('reports.quarterly', { year: 2025, quarter: 2 })
    // The first years' quarters, where most happened, and the years of the disposals.
    const years: [number, number][] = [[2025, 2027], [2041, Number(now.slice(0, 4))]]
    await t.call('vault.lock', {})
    const both = []
    for (const span of years) both.push(await bothWays(t.vaultDir, me.personId, PASS, now, span))
    const { disputes, summarised, docIds } = both[0]!
    const pairs = both.flatMap((b) => b.pairs)
    expect(summarised).toBe(disputes)
    expect(disputes).toBeGreaterThan(10)
    expect(docIds.filter((id) => id.startsWith('summary.')).length).toBeGreaterThan(1)
    expect(docIds.filter((id) => id.startsWith('quarter.')).length).toBeGreaterThan(3)
    for (const p of pairs) expect(p.fromSummaries, p.quarter).toEqual(p.fullPass)
    expect(pairs.find((p) => p.quarter === 'figures 2025 Q2')!.fullPass).toEqual(inSession)
    // Something happened in the quarters compared: not a comparison of empty tables.
    expect(pairs.filter((p) => p.quarter.startsWith('figures') && (p.fullPass as { opened: number }).opened > 0).length).toBeGreaterThan(3)
  })

  it('are built from the archives for a vault written before they existed, once, audited, and then read back', { timeout: 300_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'escalation-log-summaries-v1-'))
    cpSync(join(__dirname, '../../fixtures/vault-v1/vault'), join(root, 'vault'), { recursive: true })
    const dir = join(root, 'vault')
    const now = '2026-11-10T09:00:00Z'
    const api = createApi({ appVersion: 'test', defaultVaultDir: dir, kdf: KDF_FLOOR, now: () => new Date(now) })
    cleanups.push(async () => {
      await api.dispose()
      rmSync(root, { recursive: true, force: true })
    })
    type R = { ok: boolean; value?: unknown; error?: { code: string } }
    const call = async (channel: string, input: unknown) => {
      const r = await (api.handlers as unknown as Record<string, (i: unknown) => Promise<R>>)[channel]!(input)
      if (!r.ok) throw new Error(`${channel}: ${r.error?.code}`)
      return r.value
    }
    const people = (await call('vault.inspect', { dir })) as { people: { personId: string; name: string }[] }
    const harriet = people.people.find((p) => p.name === 'Harriet Okonkwo')!
    const passphrase = 'copper lantern orchard quietly'
    await call('vault.unlock', { dir, personId: harriet.personId, passphrase })
    const figures = (await call('reports.quarterly', { year: 2026, quarter: 4 })) as { opened: number }
    await call('reports.quarterly', { year: 2026, quarter: 3 })
    const actions = ((await call('audit.list', { limit: 10 })) as { action: string }[]).map((e) => e.action)
    expect(actions.filter((a) => a === 'summaries-built')).toHaveLength(1)
    await call('vault.lock', {})

    const { pairs, disputes, summarised, docIds } = await bothWays(dir, harriet.personId, passphrase, now, [2025, 2026])
    expect(disputes).toBeGreaterThan(0)
    expect(summarised).toBe(disputes)
    expect(docIds.some((id) => id.startsWith('summary.'))).toBe(true)
    for (const p of pairs) expect(p.fromSummaries, p.quarter).toEqual(p.fullPass)
    expect(pairs.find((p) => p.quarter === 'figures 2026 Q4')!.fullPass).toEqual(figures)
  })

  it('give their figures from counts built from the quarter documents, once, audited, for a vault with the documents but not the counts', { timeout: 300_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'escalation-log-figures-v1-'))
    cpSync(join(__dirname, '../../fixtures/vault-v1/vault'), join(root, 'vault'), { recursive: true })
    const dir = join(root, 'vault')
    const now = '2026-11-10T09:00:00Z'
    const api = createApi({ appVersion: 'test', defaultVaultDir: dir, kdf: KDF_FLOOR, now: () => new Date(now) })
    cleanups.push(async () => {
      await api.dispose()
      rmSync(root, { recursive: true, force: true })
    })
    type R = { ok: boolean; value?: unknown; error?: { code: string } }
    const call = async (channel: string, input: unknown) => {
      const r = await (api.handlers as unknown as Record<string, (i: unknown) => Promise<R>>)[channel]!(input)
      if (!r.ok) throw new Error(`${channel}: ${r.error?.code}`)
      return r.value
    }
    const people = (await call('vault.inspect', { dir })) as { people: { personId: string; name: string }[] }
    const harriet = people.people.find((p) => p.name === 'Harriet Okonkwo')!
    const passphrase = 'copper lantern orchard quietly'
    const unlock = { dir, personId: harriet.personId, passphrase }
    await call('vault.unlock', unlock)
    const expected = [await call('reports.quarterly', { year: 2026, quarter: 4 }), await call('reports.quarterly', { year: 2026, quarter: 3 })]
    await call('vault.lock', {})
    // The vault as the version before the counts left it: the summaries, quarter documents and totals, no counts.
    const vault = await openVault(dir, { personId: harriet.personId, passphrase, now: () => new Date(now), auditUnlock: false })
    const counts = vault.documentIds().filter((id) => id.startsWith('quarter-figures.'))
    expect(counts.length).toBeGreaterThan(0)
    await vault.commit({ action: 'test-edit', summary: 'As a version before the quarter figures left it' }, counts.map((docId) => ({ docId, delete: true })))
    await vault.lock()

    await call('vault.unlock', unlock)
    expect(await call('reports.quarterly', { year: 2026, quarter: 4 })).toEqual(expected[0])
    expect(await call('reports.quarterly', { year: 2026, quarter: 3 })).toEqual(expected[1])
    await call('vault.lock', {})
    await call('vault.unlock', unlock)
    expect(await call('reports.quarterly', { year: 2026, quarter: 3 })).toEqual(expected[1])
    const actions = ((await call('audit.list', { limit: 20 })) as { action: string }[]).map((e) => e.action)
    expect(actions.filter((a) => a === 'quarterly-figures-built')).toHaveLength(1)
    expect(actions.filter((a) => a === 'quarterly-totals-built' || a === 'summaries-built')).toHaveLength(1)
    await call('vault.lock', {})

    const { pairs } = await bothWays(dir, harriet.personId, passphrase, now, [2025, 2026])
    expect(pairs.find((p) => p.quarter === 'quarter figures')!.fromSummaries).toEqual(new Map(counts.map((id) => [id.slice(16), expect.anything()])))
    for (const p of pairs) expect(p.fromSummaries, p.quarter).toEqual(p.fullPass)
  })
})
