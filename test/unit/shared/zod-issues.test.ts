import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { asSentence, describeIssues, fieldLabel, problemSentence, summariseIssues } from '../../../src/shared/zod-issues'

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input)
  if (r.success) throw new Error('expected a refusal')
  return r.error
}

const Child = z.strictObject({
  name: z.string().min(1),
  dateOfBirth: z.iso.date(),
  siblings: z.array(z.string()).max(2),
  plan: z.boolean(),
  email: z.email().optional(),
})

describe('zod issues in plain English', () => {
  it('a date that is not real: "Date of birth: enter a real date, like 22 Nov 2026."', () => {
    const error = issuesOf(Child, { name: 'Amy', dateOfBirth: '2023-02-29', siblings: [], plan: false })
    const [problem] = describeIssues(error.issues, {})
    expect(problem).toEqual({ path: 'dateOfBirth', message: 'enter a real date, like 22 Nov 2026' })
    expect(problemSentence(problem!)).toBe('Date of birth: enter a real date, like 22 Nov 2026.')
  })

  it('a missing field is "required", named in words; a blank one too', () => {
    const error = issuesOf(Child, { name: '', siblings: [], plan: false, dateOfBirth: '2020-01-01' })
    expect(describeIssues(error.issues, { name: '' }).map((p) => problemSentence(p))).toEqual(['Name is required.'])
    const missing = issuesOf(Child, { siblings: [], plan: false, dateOfBirth: '2020-01-01' })
    expect(problemSentence(describeIssues(missing.issues, {})[0]!)).toBe('Name is required.')
  })

  it('wrong types, lengths, lists and formats each have their own words, never zod\'s "Invalid input"', () => {
    const input = { name: 7, dateOfBirth: '2020-01-01', siblings: ['a', 'b', 'c'], plan: 'yes', email: 'not an address', extra: 1 }
    const problems = describeIssues(issuesOf(Child, input).issues, input)
    expect(problems).toHaveLength(5)
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'extra', message: 'is not a field this format knows: check its spelling, or remove it' },
        { path: 'name', message: 'must be text' },
        { path: 'siblings', message: 'must list at most 2' },
        { path: 'plan', message: 'must be true or false' },
        { path: 'email', message: 'enter an email address, like name@school.sch.uk' },
      ]),
    )
    for (const p of problems) expect(p.message).not.toMatch(/Invalid|expected/)
  })

  it('a number in quotes says to remove the quotes, unless values must not be quoted back', () => {
    const schema = z.object({ amount: z.number() })
    const error = issuesOf(schema, { amount: '14' })
    expect(describeIssues(error.issues, { amount: '14' })[0]!.message).toBe('must be a number, without quotes: write 14, not "14"')
    expect(describeIssues(error.issues, { amount: '14' }, { quoteValues: false })[0]!.message).toBe('must be a number')
  })

  it('paths: dots for form fields, brackets and a named root for a file a person edits', () => {
    const schema = z.object({ stages: z.array(z.object({ amount: z.number().int().min(1) })) })
    const input = { stages: [{ amount: 1 }, { amount: 0 }] }
    const error = issuesOf(schema, input)
    expect(describeIssues(error.issues, input)[0]!.path).toBe('stages.1.amount')
    expect(describeIssues(error.issues, input, { brackets: true })[0]!.path).toBe('stages[1].amount')
    expect(describeIssues(issuesOf(schema, null).issues, null, { rootName: '(the policy)' })[0]!.path).toBe('(the policy)')
    expect(problemSentence(describeIssues(error.issues, input)[0]!)).toBe('Amount must be at least 1.')
  })

  it('a message the schema worded as a sentence stands as it is', () => {
    const schema = z.object({ outcome: z.string({ error: 'The outcome is required' }) })
    const [p] = describeIssues(issuesOf(schema, {}).issues, {})
    expect(problemSentence(p!)).toBe('The outcome is required.')
  })

  it('a screen can give the field its own label', () => {
    expect(problemSentence({ path: 'dispute.reasons.text', message: 'is required' }, 'The reason')).toBe('The reason is required.')
    expect(fieldLabel('dispute.reasons.text')).toBe('Text')
    expect(fieldLabel('stages[2].nextStepBy')).toBe('Next step by')
    expect(fieldLabel('(input)')).toBe('')
    expect(asSentence('check the date')).toBe('Check the date.')
  })

  it('sums up several problems in one sentence, naming the first', () => {
    const input = { siblings: [], plan: false, dateOfBirth: 'soon' }
    const s = summariseIssues(issuesOf(Child, input), input)
    expect(s.message).toBe('2 answers need attention. The first: Name is required.')
    expect(s.field).toBe('name')
    expect(s.details).toHaveLength(2)
  })
})
