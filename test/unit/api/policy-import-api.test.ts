/**
 * Importing a policy file through the handler table, from its bytes: every hostile file the policy-engine
 * issue lists is refused with a plain message and leaves every byte of the vault as it was; retiring a
 * policy; imported policies' contacts in the Directory, filtered to a dispute's partnership.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PolicyInput } from '../../../src/shared/policy'
import { northmoorPolicy } from '../domain/policies/custom-policy'
import { openTestApi } from './helpers'

type TestApi = Awaited<ReturnType<typeof openTestApi>>

const asFile = (bytes: Uint8Array | string): { fileBase64: string } => ({
  fileBase64: Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('base64'),
})
const fileOf = (policy: unknown) => asFile(JSON.stringify(policy, null, 2))

/** Northmoor under another id, so each test can import its own copy. */
function policy(id: string, changes: Partial<PolicyInput> = {}): PolicyInput {
  return { ...northmoorPolicy(), id, version: 1, partnership: `Partnership ${id}`, ...changes }
}

const internalOrPath = /internal|\((json|file|fileBase64|input)\)/

describe('policies.import refuses every hostile file in plain words, changing nothing', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
  })
  afterAll(async () => t.cleanup())

  /** The refusal of `input`, after checking the vault on disk is byte for byte as it was. */
  async function refused(input: unknown) {
    const before = t.snapshot()
    const error = await t.refusal('policies.import', input)
    expect(t.snapshot()).toEqual(before)
    expect(error.code).not.toBe('internal')
    expect(error.message).not.toMatch(internalOrPath)
    return error
  }

  it('10,000 stages: at most 30', async () => {
    const stages = Array.from({ length: 10_000 }, (_, i) => ({ number: i + 1, title: `Stage ${i + 1}`, parties: 'Managers' }))
    const error = await refused(asFile(JSON.stringify(policy('many-stages', { stages }))))
    expect(error.code).toBe('policy-invalid')
    expect(error.details).toContainEqual({ path: 'stages', message: 'must list at most 30 stages: no escalation procedure has more' })
  })

  it('a condition nested 10,000 deep: at most 8 (without overflowing the stack)', async () => {
    // Written as text: JSON.stringify itself overflows on a value this deep.
    const when = '{"not":'.repeat(10_000) + '{"fromStage":1}' + '}'.repeat(10_000)
    const base = policy('deep-condition', { notifications: [] })
    const text = JSON.stringify(base).replace(
      '"notifications":[]',
      `"notifications":[{"id":"deep","recipient":"scrutiny","what":"A copy","when":${when}}]`,
    )
    const error = await refused(asFile(text))
    expect(error.code).toBe('policy-invalid')
    const details = error.details as { path: string; message: string }[]
    expect(details).toHaveLength(1)
    expect(details[0]!.path).toMatch(/^notifications\[0\]\.when(\.not){8}$/)
    expect(details[0]!.message).toContain('conditions may be nested at most 8 deep')
  })

  it('a condition nested exactly 8 deep is accepted', async () => {
    let when: unknown = { fromStage: 1 }
    for (let i = 0; i < 7; i++) when = i % 2 === 0 ? { not: when } : { all: [when, { fromStage: 1 }] }
    const base = northmoorPolicy()
    const notifications = [{ ...base.notifications![0]!, when }]
    const r = await t.call('policies.import', fileOf(policy('eight-deep', { notifications } as Partial<PolicyInput>)))
    expect(r.alreadyInstalled).toBe(false)
  })

  it('bytes that are not UTF-8 (Windows-1252’s curly apostrophe): "Save the file as UTF-8 and import it again"', async () => {
    const text = JSON.stringify(policy('cp1252', { partnership: 'Partnership’s name' }), null, 2)
    // Windows-1252 writes ’ as the single byte 0x92, which is never valid UTF-8 on its own.
    const bytes = Buffer.from(text.replace('’', '\u0092'), 'latin1')
    const error = await refused(asFile(bytes))
    expect(error.code).toBe('file-not-utf8')
    expect(error.message).toContain('Save the file as UTF-8 and import it again.')
    const line = text.split('\n').findIndex((l) => l.includes('’')) + 1
    const column = text.split('\n')[line - 1]!.indexOf('’') + 1
    expect(error.message).toContain(`line ${line}, column ${column}`)
  })

  it('UTF-16 (Notepad’s “Unicode”) is refused the same way', async () => {
    const text = JSON.stringify(policy('utf16'))
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const error = await refused(asFile(bytes))
    expect(error.code).toBe('file-not-utf8')
    expect(error.message).toContain('Save the file as UTF-8 and import it again.')
  })

  it('UTF-8 with a byte-order mark is accepted, its text intact', async () => {
    const text = JSON.stringify(policy('with-bom', { partnership: 'Partnership’s name' }))
    const r = await t.call('policies.import', asFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])))
    expect(r.policy.partnership).toBe('Partnership’s name')
  })

  it('a JSON syntax error: the line and column of the mistake', async () => {
    const text = '{\n  "id": "broken",\n  "version": 1,\n}\n'
    const error = await refused(asFile(text))
    expect(error.code).toBe('file-not-json')
    expect(error.message).toBe(
      'That file is not a policy file: its JSON has a mistake at line 4, column 1 — a comma just before this closing brace, with nothing after it: remove the comma.',
    )
    const cut = await refused(asFile('{\n  "id": "broken",\n  "stages": [\n'))
    expect(cut.code).toBe('file-not-json')
    expect(cut.message).toContain('line 4, column 1 — the text ends before the JSON is complete')
  })

  it('a quoted number ("amount": "14"): "must be a number, without quotes"', async () => {
    const base = northmoorPolicy()
    const stages = base.stages.map((s, i) => (i === 1 ? { ...s, timescale: { ...s.timescale!, amount: '14' } } : s))
    const error = await refused(fileOf(policy('quoted', { stages } as unknown as Partial<PolicyInput>)))
    expect(error.code).toBe('policy-invalid')
    expect(error.details).toEqual([{ path: 'stages[1].timescale.amount', message: 'must be a number, without quotes: write 14, not "14"' }])
    expect(JSON.stringify(error)).not.toContain('whole number')
  })

  it('a file over 2 MB: its size in words, and no "(json)" or other field name', async () => {
    const padded = { ...policy('oversize'), title: 'x'.repeat(10) }
    const text = JSON.stringify(padded).replace('"title"', `${' '.repeat(2 * 1024 * 1024)}"title"`)
    const error = await refused(asFile(text))
    expect(error.code).toBe('file-too-large')
    expect(error.message).toBe('That file is 2 MB: a policy file can be at most 2 MB. Check that you chose the policy file and not something else.'.replace('2 MB:', `${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB:`))
    expect(error.message).not.toContain('(json)')
  })

  it('an empty file', async () => {
    expect((await refused(asFile(''))).code).toBe('file-empty')
    expect((await refused(asFile('  \n'))).code).toBe('file-empty')
  })

  it('any bytes at all — random, or a valid file cut short or with bytes changed — give a typed refusal or an import, never an internal error', async () => {
    const valid = Buffer.from(JSON.stringify(policy('fuzzed')), 'utf8')
    const hostile = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.nat({ max: valid.length }).map((n) => valid.subarray(0, n)),
      fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }).map((edits) => {
        const copy = Buffer.from(valid)
        for (const [at, byte] of edits) copy[at] = byte
        return copy
      }),
    )
    await fc.assert(
      fc.asyncProperty(hostile, async (bytes) => {
        const before = t.snapshot()
        const r = (await t.api.handlers['policies.import'](asFile(bytes))) as { ok: boolean; error?: { code: string; message: string } }
        if (r.ok) return
        expect(r.error!.code).toMatch(/^(file-empty|file-too-large|file-not-utf8|file-not-json|policy-invalid|policy-version-exists)$/)
        expect(r.error!.message.length).toBeGreaterThan(20)
        expect(t.snapshot()).toEqual(before)
      }),
      { numRuns: 60 },
    )
  })
})

describe('retiring a policy', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
  })
  afterAll(async () => t.cleanup())

  let childId = ''
  const openUnder = async (policyId: string) => {
    childId ||= (await t.call('children.create', { child: { name: 'Ada Example', dateOfBirth: '2015-04-01' } })).id
    return t.call('disputes.open', {
      policyId,
      dispute: {
        childIds: [childId],
        otherAgency: { agency: 'Northmoor Police', practitioner: 'PC Example' },
        disputed: { kind: 'inaction', description: 'No strategy discussion held.' },
        reasons: { ids: [], text: 'Drift' },
        disagreementOn: '2026-12-01',
        triage: { level: 'standard' },
      },
    })
  }

  it('stops new disputes under it, keeps the ones open on their pinned version, is audited, and can be undone', async () => {
    await t.call('policies.import', fileOf(northmoorPolicy()))
    const open = await openUnder('northmoor-ncsp')
    expect(open.dispute.policy.version).toBe(3)
    const dueBefore = open.status?.nextDeadline

    const summary = await t.call('policies.setRetired', { policyId: 'northmoor-ncsp', retired: true, reason: 'We no longer work in Northmoor' })
    expect(summary.retired).toMatchObject({ policyId: 'northmoor-ncsp', by: 'Harriet Okonkwo', reason: 'We no longer work in Northmoor' })
    const listed = await t.call('policies.list', {})
    expect(listed.current.find((p) => p.id === 'northmoor-ncsp')?.retired?.reason).toBe('We no longer work in Northmoor')
    expect(listed.current.find((p) => p.id === 'solihull-sscp')?.retired).toBeNull()

    const before = t.snapshot()
    const refusedOpen = await openUnder('northmoor-ncsp').then(
      () => null,
      (e: { code: string; message: string }) => e,
    )
    expect(refusedOpen?.code).toBe('policy-retired')
    expect(refusedOpen?.message).toContain('no new dispute can be opened under it')

    // The dispute opened before keeps its version, its deadlines and its transitions.
    const still = await t.call('disputes.get', { disputeId: open.dispute.id })
    expect(still.problem).toBeNull()
    expect(still.status?.nextDeadline).toEqual(dueBefore)
    expect(still.dispute.policy.version).toBe(3)
    expect(t.snapshot()).toEqual(before)

    const back = await t.call('policies.setRetired', { policyId: 'northmoor-ncsp', retired: false })
    expect(back.retired).toBeNull()
    expect((await openUnder('northmoor-ncsp')).dispute.policy.id).toBe('northmoor-ncsp')

    const audit = await t.call('audit.list', { limit: 50 })
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['policy-retired', 'policy-unretired']))
    expect(audit.find((e) => e.action === 'policy-retired')?.summary).toBe('Retired Professional Challenge Protocol: We no longer work in Northmoor')
  })

  it('refuses to retire what is retired, to bring back what is in use, and an unknown policy — changing nothing', async () => {
    await t.call('policies.setRetired', { policyId: 'havering-hscb', retired: true })
    const before = t.snapshot()
    expect((await t.refusal('policies.setRetired', { policyId: 'havering-hscb', retired: true })).code).toBe('policy-already-retired')
    expect((await t.refusal('policies.setRetired', { policyId: 'solihull-sscp', retired: false })).code).toBe('policy-not-retired')
    expect((await t.refusal('policies.setRetired', { policyId: 'nowhere-scp', retired: true })).code).toBe('policy-not-found')
    expect(t.snapshot()).toEqual(before)
  })

  it('a retirement survives locking and unlocking', async () => {
    await t.call('vault.lock', {})
    const people = await t.call('people.list', {}).catch(() => null)
    expect(people).toBeNull()
    const inspected = await t.call('vault.inspect', { dir: t.vaultDir })
    const personId = inspected.state === 'present' ? inspected.people[0]!.personId : ''
    await t.call('vault.unlock', { dir: t.vaultDir, personId, passphrase: 'copper lantern orchard quietly' })
    const listed = await t.call('policies.list', {})
    expect(listed.current.find((p) => p.id === 'havering-hscb')?.retired).not.toBeNull()
  })
})

describe('imported policies’ contacts in the Directory, filtered to a dispute’s partnership', () => {
  let t: TestApi
  beforeAll(async () => {
    t = await openTestApi()
    await t.call('policies.import', fileOf(northmoorPolicy()))
  })
  afterAll(async () => t.cleanup())

  it('lists the imported policy’s contacts, with their source', async () => {
    const all = await t.call('directory.list', {})
    const northmoor = all.filter((e) => e.partnershipId === 'northmoor-ncsp')
    expect(northmoor.map((e) => e.role).sort()).toEqual(['Scrutiny Office', 'Young Carers Lead'])
    const scrutiny = northmoor.find((e) => e.role === 'Scrutiny Office')!
    expect(scrutiny).toMatchObject({ phone: '01234 567890', availability: 'office-hours', agency: 'Northmoor Children’s Safeguarding Partnership' })
    expect(scrutiny.source).toContain('Professional Challenge Protocol, version 3 (imported policy)')
    // The shipped lists are still there.
    expect(all.some((e) => e.partnershipId === 'wolverhampton-wscb')).toBe(true)
  })

  it('for a dispute’s partnership: its contacts and the DSL’s own, not another partnership’s', async () => {
    const own = await t.call('directory.create', { entry: { name: 'Sam Example', role: 'School nurse', agency: 'Oak Hill Primary School' } })
    const filtered = await t.call('directory.list', { partnershipId: 'northmoor-ncsp' })
    expect(filtered.map((e) => e.partnershipId).every((p) => p === 'northmoor-ncsp' || p === null)).toBe(true)
    expect(filtered.some((e) => e.id === own.id)).toBe(true)
    expect(filtered.some((e) => e.role === 'Young Carers Lead')).toBe(true)
    expect(filtered.some((e) => e.partnershipId === 'wolverhampton-wscb')).toBe(false)
    const solihull = await t.call('directory.list', { partnershipId: 'solihull-sscp' })
    expect(solihull.some((e) => e.partnershipId === 'solihull-sscp')).toBe(true)
    expect(solihull.some((e) => e.partnershipId === 'northmoor-ncsp')).toBe(false)
  })

  it('an imported contact can be changed like any entry, and the change is kept in place of the policy’s', async () => {
    const entry = (await t.call('directory.list', { partnershipId: 'northmoor-ncsp' })).find((e) => e.role === 'Young Carers Lead')!
    const changed = await t.call('directory.update', { id: entry.id, changes: { name: 'Jo Carer', tier: 'senior-manager' } })
    expect(changed).toMatchObject({ id: entry.id, name: 'Jo Carer', tier: 'senior-manager', source: entry.source })
    const listed = (await t.call('directory.list', {})).filter((e) => e.role === 'Young Carers Lead')
    expect(listed).toHaveLength(1)
    expect(listed[0]!.name).toBe('Jo Carer')
  })
})
