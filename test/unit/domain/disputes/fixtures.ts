import { expect } from 'vitest'
import { defaultCalendar } from '../../../../src/main/domain/calendar'
import {
  type DisputeContext,
  type RecordGateView,
  type Transition,
  openDispute,
} from '../../../../src/main/domain/disputes'
import { builtInPolicies } from '../../../../src/main/domain/policies'
import { Dispute } from '../../../../src/shared/dispute'
import { type OpenDisputeInput } from '../../../../src/shared/dispute-inputs'
import type { AppError } from '../../../../src/shared/errors'
import type { Policy } from '../../../../src/shared/policy'

export const cal = defaultCalendar()

export const policyOf = (id: string): Policy => builtInPolicies().find((p) => p.id === id)!

/** A winter instant (GMT = UTC): at('2026-12-07', '10:00'). */
export const at = (date: string, time = '10:00'): string => `${date}T${time}:00.000Z`

export const ctx = (policy: Policy, now: string, records: RecordGateView[] = []): DisputeContext => ({
  policy,
  calendar: cal,
  now,
  records,
})

export function baseInput(overrides: Partial<OpenDisputeInput> = {}): OpenDisputeInput {
  return {
    childIds: ['child-1'],
    otherAgency: { agency: 'Northfield Children’s Services', practitioner: 'J Smith' },
    disputed: { kind: 'decision', description: 'The referral was not accepted for assessment.' },
    reasons: { ids: [], text: 'We believe the threshold for assessment is met.' },
    disagreementOn: '2026-12-07',
    triage: { level: 'standard' },
    by: 'A Lead (DSL)',
    ...overrides,
  }
}

/** The dispute of a transition that must succeed; the stored shape is checked each time. */
export function must(t: Transition): Dispute {
  if (!t.ok) throw new Error(`Refused (${t.error.code}): ${t.error.message}`)
  return Dispute.parse(t.dispute)
}

export function refusal(t: Transition): AppError {
  if (t.ok) throw new Error('expected a refusal')
  return t.error
}

export function open(policy: Policy, now: string, overrides: Partial<OpenDisputeInput> = {}): Dispute {
  return must(
    openDispute(baseInput(overrides), { ...ctx(policy, now), id: 'd-1', reference: 'ESC-2026-0001' }),
  )
}

export function expectDue(
  item: { deadline: { kind: string; date?: string; at?: string } } | null | undefined,
  date: string,
): void {
  expect(item?.deadline).toEqual(date.includes('T') ? { kind: 'instant', at: date } : { kind: 'date', date })
}
