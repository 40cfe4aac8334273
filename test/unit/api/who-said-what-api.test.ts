/**
 * Who said what (issue 15) through the real handler table: a record holds the other party's words and ours
 * apart, search finds both, every export that prints a record attributes each ("Jo Bloggs (Social worker,
 * Solihull Children’s Services) said: …", "We said: …"), the old single text can no longer be written, and
 * records written before the change (the v1 fixture vault) open with their text marked "speaker not
 * recorded".
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCheckedApi as createApi } from '../../support/checked-api'
import { KDF_FLOOR } from '../../../src/main/store'
import { openTestApi } from './helpers'

type T = Awaited<ReturnType<typeof openTestApi>>
let t: T
beforeEach(async () => {
  t = await openTestApi('2026-12-01T09:00:00Z')
})
afterEach(async () => t.cleanup())

const JO = { name: 'Jo Bloggs', role: 'Social worker', agency: 'Solihull Children’s Services' }

async function aDispute() {
  const child = await t.call('children.create', { child: { name: 'Amy Example', dateOfBirth: '2016-05-04' } })
  const view = await t.call('disputes.open', {
    policyId: 'solihull-sscp',
    dispute: {
      childIds: [child.id],
      otherAgency: { agency: JO.agency, practitioner: JO.name, role: JO.role },
      disputed: { kind: 'decision', description: 'Referral assessed as not meeting the threshold.' },
      reasons: { ids: [], text: 'We believe the threshold is met.' },
      disagreementOn: '2026-12-01',
      triage: { level: 'standard' },
    },
  })
  return view.dispute.id
}

const draft = (over: Record<string, unknown> = {}) => ({
  kind: 'phone-call',
  stage: 1,
  occurredAt: { date: '2026-12-01', time: '08:45' },
  contact: JO,
  direction: 'outgoing',
  theySaid: 'The decision stands on the information MASH holds.',
  weSaid: 'I set out the pattern of bruising recorded since September.',
  ...over,
})

const exported = async (disputeId: string, document: 'escalation-record' | 'rapid-resolution-log') => {
  const r = await t.call('exports.document', { disputeId, document })
  return (await mammoth.extractRawText({ buffer: readFileSync(r.savedTo!) })).value
}

describe('who said what through the handler table', () => {
  it('stores both texts apart and the escalation record prints each attributed, the other party first', async () => {
    const id = await aDispute()
    const record = await t.call('records.createDraft', { disputeId: id, draft: draft() })
    expect(record).toMatchObject({ theySaid: draft().theySaid, weSaid: draft().weSaid })
    expect('whatWasSaid' in record).toBe(false)
    await t.call('records.approve', { disputeId: id, recordId: record.id })
    const text = await exported(id, 'escalation-record')
    expect(text).toMatch(
      /Jo Bloggs \(Social worker, Solihull Children’s Services\) said\s+The decision stands on the information MASH holds\.\s+We said\s+I set out the pattern of bruising recorded since September\./,
    )
  })

  it('search finds a record by either side’s words', async () => {
    const id = await aDispute()
    await t.call('records.createDraft', { disputeId: id, draft: draft({ theySaid: 'The grandmother is the safe carer.', weSaid: 'We asked about the chronology.' }) })
    for (const words of ['grandmother', 'chronology']) {
      const found = await t.call('search.query', { query: words })
      expect(found.some((hit) => hit.kind === 'record'), words).toBe(true)
    }
  })

  it('refuses the old single text rather than dropping the words, and writes nothing', async () => {
    const id = await aDispute()
    const before = t.snapshot()
    const refused = await t.refusal('records.createDraft', { disputeId: id, draft: { ...draft(), whatWasSaid: 'Whose words?' } })
    expect(refused.code).toBe('invalid-input')
    expect(refused.message).toContain('theySaid')
    expect(t.snapshot()).toEqual(before)
  })
})

describe('records written before speakers were recorded (the v1 fixture vault)', () => {
  it('open with their one text kept, shown and exported as “speaker not recorded”, never as either side’s', async () => {
    const FIXTURE = join(__dirname, '../../fixtures/vault-v1')
    const ids = JSON.parse(readFileSync(join(FIXTURE, 'ids.json'), 'utf8')) as { solihull: string }
    const root = mkdtempSync(join(tmpdir(), 'escalation-log-said-'))
    cpSync(join(FIXTURE, 'vault'), join(root, 'vault'), { recursive: true })
    const exportsDir = join(root, 'exports')
    mkdirSync(exportsDir)
    const api = createApi({ appVersion: 'test', defaultVaultDir: join(root, 'vault'), kdf: KDF_FLOOR, now: () => new Date('2026-11-10T09:00:00Z'), chooseSaveFile: async (name) => join(exportsDir, name) })
    const call = async (channel: string, input: unknown) => {
      const r = await (api.handlers as unknown as Record<string, (i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>>)[channel]!(input)
      if (!r.ok) throw new Error(`${channel}: ${r.error?.message}`)
      return r.value
    }
    try {
      const inspected = (await call('vault.inspect', { dir: join(root, 'vault') })) as { people: { name: string; personId: string }[] }
      const harriet = inspected.people.find((p) => p.name === 'Harriet Okonkwo')!
      await call('vault.unlock', { dir: join(root, 'vault'), personId: harriet.personId, passphrase: 'copper lantern orchard quietly' })
      const view = (await call('disputes.get', { disputeId: ids.solihull })) as { records: { whatWasSaid?: string; theySaid: string; weSaid: string; status: string }[] }
      const legacy = view.records.find((r) => r.whatWasSaid === 'Discussed the referral decision; Jo will review with her manager.')!
      expect(legacy).toMatchObject({ theySaid: '', weSaid: '' })
      await call('exports.acknowledgeWarning', {})
      const r = (await call('exports.document', { disputeId: ids.solihull, document: 'escalation-record' })) as { savedTo: string }
      const text = (await mammoth.extractRawText({ buffer: readFileSync(r.savedTo) })).value
      expect(legacy.status).toBe('approved')
      expect(text).toMatch(/What was said \(speaker not recorded\)\s+Discussed the referral decision; Jo will review with her manager\./)
      expect(text).not.toMatch(/We said\s+Discussed the referral decision/)
    } finally {
      await api.dispose()
      rmSync(root, { recursive: true, force: true })
    }
  })
})
