import { describe, expect, it } from 'vitest'
import {
  builtInPolicies,
  checkPolicyCanBeAdded,
  currentPolicies,
  findPolicy,
  validatePolicy,
} from '../../../../src/main/domain/policies'
import { type Policy, policyKey } from '../../../../src/shared/policy'
import solihullJson from '../../../../resources/policies/solihull.json'
import { SEED, normalise, seedSays, seedText } from './seeds'

const policies = builtInPolicies()
const byId = (id: string): Policy => policies.find((p) => p.id === id)!

/** Every { document, quote } in a policy, with where it was found. */
function quotes(value: unknown, path = ''): { path: string; document: string; quote: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => quotes(v, `${path}[${i}]`))
  if (value === null || typeof value !== 'object') return []
  const o = value as Record<string, unknown>
  if (typeof o.document === 'string' && typeof o.quote === 'string')
    return [{ path, document: o.document, quote: o.quote }]
  return Object.entries(o).flatMap(([k, v]) => quotes(v, path === '' ? k : `${path}.${k}`))
}

const seedFileOf = (policy: Policy, documentId: string): string =>
  policy.sourceDocuments.find((d) => d.id === documentId)!.reference!.replace(/^seeds\//, '')

describe('the built-in policies', () => {
  it('are the four partnerships of the seeds, each valid and keyed id@version', () => {
    expect(policies.map(policyKey)).toEqual([
      'solihull-sscp@1',
      'wolverhampton-wscb@1',
      'st-helens-scp@1',
      'havering-hscb@1',
    ])
    for (const p of policies) expect(validatePolicy(JSON.parse(JSON.stringify(p)))).toEqual(p)
  })

  it('quote only sentences their seed texts actually contain (every source quote, verbatim)', () => {
    let checked = 0
    for (const p of policies) {
      for (const q of quotes(p)) {
        const file = seedFileOf(p, q.document)
        expect(seedText(file), `${p.id} ${q.path}`).toContain(normalise(q.quote))
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(80)
  })

  it('use only telephone numbers and email addresses printed in the seeds', () => {
    for (const p of policies) {
      const files = p.sourceDocuments.map((d) => d.reference!.replace(/^seeds\//, ''))
      const text = files.map(seedText).join(' ')
      for (const c of p.contacts) {
        if (c.phone) expect(text, `${p.id} ${c.id}`).toContain(c.phone)
        if (c.email) expect(text, `${p.id} ${c.id}`).toContain(c.email)
      }
    }
  })

  it('Solihull is one policy holding both seed documents: the 4 stages and the rapid resolution route', () => {
    const p = byId('solihull-sscp')
    expect(p.sourceDocuments.map((d) => d.reference)).toEqual([
      'seeds/001_3a80aa3e1ffa5249.txt',
      'seeds/000_1e09b0ce5ef8adb9.txt',
    ])
    expect(p.stages).toHaveLength(4)
    expect(p.emergencyRoute?.title).toMatch(/Rapid resolution/)
  })

  it('are frozen, so no caller can edit a shipped rule in memory', () => {
    const p = byId('solihull-sscp')
    expect(Object.isFrozen(p)).toBe(true)
    expect(Object.isFrozen(p.stages[0].timescale)).toBe(true)
  })

  it('never replace an installed version with different rules', () => {
    const p = byId('havering-hscb')
    expect(checkPolicyCanBeAdded(policies, validatePolicy(JSON.parse(JSON.stringify(p))))).toEqual({
      ok: true,
      alreadyInstalled: true,
    })
    const changed = validatePolicy({ ...JSON.parse(JSON.stringify(p)), title: 'Changed' })
    const refused = checkPolicyCanBeAdded(policies, changed)
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.code).toBe('policy-version-exists')
    const next = validatePolicy({ ...JSON.parse(JSON.stringify(p)), version: 2, title: 'Changed' })
    expect(checkPolicyCanBeAdded(policies, next)).toEqual({ ok: true, alreadyInstalled: false })
    const all = [...policies, next]
    expect(findPolicy(all, 'havering-hscb', 1)?.title).toBe(p.title)
    expect(currentPolicies(all).find((x) => x.id === 'havering-hscb')?.version).toBe(2)
  })

  it('loads the JSON statically (domain code does no file I/O)', () => {
    expect(solihullJson.id).toBe('solihull-sscp')
  })
})

describe('St Helens forms, encoded field by field for the Word forms', () => {
  const p = byId('st-helens-scp')
  const form = (id: string) => p.forms.find((f) => f.id === id)!

  it('has a coloured notification form per stage and the Purple outcome form', () => {
    seedSays(
      SEED.stHelens,
      'The Orange Stage 1 Notification Form should be completed and sent in to scpescalations@sthelens.gov.uk',
    )
    seedSays(
      SEED.stHelens,
      'The Green Stage 2 Notification Form should be completed and sent in to scpescalations@sthelens.gov.uk',
    )
    seedSays(
      SEED.stHelens,
      'The Blue Stage 3 Notification form should be completed and sent in to scpescalations@sthelens.gov.uk',
    )
    seedSays(
      SEED.stHelens,
      'The Pink Stage 4 Notification form should be completed and sent in to scpescalations@sthelens.gov.uk',
    )
    seedSays(
      SEED.stHelens,
      'the Purple Resolution Outcome Form should be completed and sent in to scpescalations@sthelens.gov.uk',
    )
    expect(p.forms.map((f) => [f.colour, f.title])).toEqual([
      ['Orange', 'Notification Stage 1'],
      ['Green', 'Notification Stage 2'],
      ['Blue', 'Notification Stage 3'],
      ['Pink', 'Notification Stage 4'],
      ['Purple', 'Resolution Outcome Form'],
    ])
    expect(p.outcomeForm).toBe('purple-resolution-outcome')
    const stageForms = p.notifications
      .filter((n) => n.form !== undefined)
      .map((n) => [n.form, n.when, n.recipient])
    expect(stageForms).toEqual([
      ['orange-stage-1-notification', { atStage: 1 }, 'scp-escalations'],
      ['green-stage-2-notification', { atStage: 2 }, 'scp-escalations'],
      ['blue-stage-3-notification', { atStage: 3 }, 'scp-escalations'],
      ['pink-stage-4-notification', { atStage: 4 }, 'scp-escalations'],
      ['purple-resolution-outcome', { resolved: true }, 'scp-escalations'],
    ])
  })

  it('each notification form has the fields of the seed, labels as printed, in order', () => {
    for (const id of [
      'orange-stage-1-notification',
      'green-stage-2-notification',
      'blue-stage-3-notification',
      'pink-stage-4-notification',
    ]) {
      const f = form(id)
      expect(f.fields.map((x) => [x.label, x.kind, x.required])).toEqual([
        ['Date', 'date', true],
        ['Name of professional submitting resolution', 'text', true],
        ['Agency', 'text', true],
        ['Further agency details', 'text', false],
        ['Contact Details', 'text', true],
        ['Name of professional who you have raised resolution with', 'text', true],
        ['Agency', 'text', true],
        ['Further agency details', 'text', false],
        ['Contact Details', 'text', true],
        ['Child/Family Name', 'text', true],
        ['Date of Birth', 'date', true],
        ['Current Level of Need', 'choice', true],
        ['ICS Number (if known)', 'text', false],
        ['NHS Number (if known)', 'nhsNumber', false],
        ['Any additional comments', 'longText', false],
      ])
      expect(f.fields[3].hint).toBe(
        '(For education please provide type of school; For health please include who you are employed by)',
      )
      expect(f.fields[9].hint).toBe('(Please state how many children this escalation relates to)')
      for (const field of f.fields) seedSays(SEED.stHelens, field.label)
    }
    expect(form('orange-stage-1-notification').note).toBe(
      seedSays(SEED.stHelens, 'All Stage 1 Resolutions should be resolved within 1 working day'),
    )
    expect(form('blue-stage-3-notification').subtitle).toBe(
      seedSays(SEED.stHelens, '2nd Tier Management to 2nd Tier Management'),
    )
  })

  it('the Purple outcome form asks the stage reached, the ticked reasons and the three reflective questions', () => {
    const f = form('purple-resolution-outcome')
    const tail = f.fields.slice(-5).map((x) => [x.label, x.kind, x.optionsFrom ?? null])
    expect(tail).toEqual([
      [
        seedSays(SEED.stHelens, 'What stage of the resolution policy was the outcome reached?'),
        'choice',
        'stages',
      ],
      [seedSays(SEED.stHelens, 'Reason for Escalation (please tick):'), 'tickList', 'reasonsForEscalation'],
      [seedSays(SEED.stHelens, 'What worked well?'), 'longText', null],
      [seedSays(SEED.stHelens, 'What were you worried about?'), 'longText', null],
      [seedSays(SEED.stHelens, 'What needs to change?'), 'longText', null],
    ])
    expect(f.fields[1].label).toBe('Name of professional submitting Outcome')
    for (const field of f.fields) seedSays(SEED.stHelens, field.label)
  })

  it('the reasons tick-list is the eight reasons of the seed, "Other" needing brief details', () => {
    const labels = p.reasonsForEscalation.map((r) => r.label)
    expect(labels).toEqual([
      'Level of need',
      'Drift and delay',
      'Lack of communication',
      'Minutes not received',
      'Disagreement with a decision',
      'Non-attendance at meeting',
      'Meeting not being held',
      'Other (please provide brief details)',
    ])
    for (const l of labels) seedSays(SEED.stHelens, l)
    expect(p.reasonsForEscalation.find((r) => r.id === 'other')?.needsDetail).toBe(true)
  })

  it('levels of need are those the policy names', () => {
    seedSays(
      SEED.stHelens,
      'This may relate to professional involvement at a universal level, Early Help services, Child in Child, Child Protection or Children We Look After.',
    )
    expect(p.levelsOfNeed.map((l) => l.label)).toEqual([
      'Universal',
      'Early Help',
      'Child in Need',
      'Child Protection',
      'Children We Look After',
    ])
  })
})

describe('Havering and Wolverhampton data', () => {
  it('Havering: disagreements most likely arise around four areas, offered as reasons', () => {
    seedSays(
      SEED.havering,
      'Disagreements can arise in a number of areas, but are most likely to arise around:',
    )
    expect(byId('havering-hscb').reasonsForEscalation.map((r) => r.label.toLowerCase())).toEqual([
      seedSays(SEED.havering, 'levels of need'),
      seedSays(SEED.havering, 'roles and responsibilities'),
      seedSays(SEED.havering, 'the need for action'),
      seedSays(SEED.havering, 'progressing plans and communication'),
    ])
  })

  it('Havering: the stage 4 address is printed as published, with a caution about its domain', () => {
    seedSays(
      SEED.havering,
      'The agency raising the dispute must e-mail the details through to alice.peatling@haverling.gov.uk',
    )
    const c = byId('havering-hscb').contacts.find((x) => x.id === 'hscb-stage-4-contact')!
    expect(c.email).toBe('alice.peatling@haverling.gov.uk')
    expect(c.caution).toMatch(/misspelling of havering\.gov\.uk/)
  })

  it('Wolverhampton: Appendix 2, the directory of agency safeguarding leads, is encoded in full', () => {
    seedSays(SEED.wolverhampton, 'WSCB Membership & Agency Representing Safeguarding Leads')
    const dir = byId('wolverhampton-wscb').contacts.filter((c) => c.directory)
    expect(dir).toHaveLength(21)
    expect(dir.find((c) => c.organisation === 'West Midlands Police')).toMatchObject({
      name: 'Detective Chief Inspector',
      phone: '101',
    })
    expect(dir.find((c) => c.organisation === 'Wolverhampton Clinical Commissioning Group')).toMatchObject({
      name: 'Designated Senior Nurse for Safeguarding',
      phone: '01902 444775',
    })
    // The directory prints 01905 for the council's Head of Safeguarding; the text elsewhere says 01902 550477.
    seedSays(
      SEED.wolverhampton,
      'contact must be made to the Safeguarding Manager (Children’s) in the Safeguarding Service (01902 550477)',
    )
    expect(dir.find((c) => c.phone === '01905 550477')?.caution).toMatch(/01902 550477/)
  })
})
