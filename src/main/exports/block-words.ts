/** The words the documents share: stage names in the policy's own words, timescales, status and labels. */
import { formatDateTime } from '../../shared/dates'
import type { Dispute, DueItem, StageVisit } from '../../shared/dispute'
import type { Policy } from '../../shared/policy'
import { stageWordOf } from '../../shared/policy-words'
import { type ContactRecord } from '../../shared/records'
import {
  type WorkingCalendar,
  civilDateInLondon,
  defaultCalendar,
  workingDaysOverdue,
} from '../domain/calendar'
import { deadlineInstant } from '../domain/disputes'
import { type DeadlineResult, stageDeadlineResult, stepDeadlineResult } from '../domain/reports'

// ── words ─────────────────────────────────────────────────────────────────────────────────────────

export function stageName(policy: Policy, stage: number | null): string {
  if (stage === null) return policy.emergencyRoute?.title ?? 'Emergency route'
  const s = policy.stages.find((x) => x.number === stage)
  return s ? `${stageWordOf(policy)} ${s.number} — ${s.title}` : `${stageWordOf(policy)} ${stage}`
}

/** "Stages", "Steps", "Levels": the policy's word for its stages, as a heading or column begins. */
export function stagesWordOf(policy: Pick<Policy, 'stageWord'>): string {
  return `${stageWordOf(policy)}s`
}

/** The heading over the steps table: "Steps within the stages", or "What each step asks" where stages are "Steps". */
export function stepsHeading(policy: Pick<Policy, 'stageWord'>): string {
  const lower = stageWordInSentence(policy)
  return lower === 'step' ? 'What each step asks to be done' : `Steps within the ${lower}s`
}

/** "stage", "step": the policy's word inside a sentence. */
export function stageWordInSentence(policy: Pick<Policy, 'stageWord'>): string {
  const word = stageWordOf(policy)
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}`
}

export function recordStageName(policy: Policy, stage: ContactRecord['stage']): string {
  return stageName(policy, stage === 'emergency' ? null : stage)
}

export function reasonLabels(policy: Policy, ids: readonly string[]): string[] {
  return ids.map((id) => policy.reasonsForEscalation.find((r) => r.id === id)?.label ?? id)
}

export function levelOfNeedLabel(policy: Policy, level: string | null): string | null {
  if (level === null || level.trim() === '') return null
  return policy.levelsOfNeed.find((l) => l.id === level || l.label === level)?.label ?? level
}

/** Working days a deadline has been passed by, today (never negative). */
function daysOver(deadline: DueItem['deadline'], now: string, cal: WorkingCalendar): number {
  const due = deadline.kind === 'date' ? deadline.date : civilDateInLondon(deadline.at)
  return workingDaysOverdue(due, civilDateInLondon(now), cal)
}

const workingDays = (n: number) => `${n} working day${n === 1 ? '' : 's'}`

/**
 * What happened at a stage against its timescale, in words that cannot be misread: a stage left by
 * escalation was escalated in time, not "met" — the disagreement was not resolved there. Stages that
 * never resolved never read as met.
 */
export function stageTimescaleWords(
  dispute: Dispute,
  index: number,
  now: string,
  cal: WorkingCalendar = defaultCalendar(),
): string {
  const visit: StageVisit = dispute.stageHistory[index]
  const result = stageDeadlineResult(visit, now)
  const last = index === dispute.stageHistory.length - 1
  const how = !last
    ? 'Escalated'
    : dispute.status === 'resolved'
      ? 'Resolved'
      : dispute.status === 'withdrawn'
        ? 'Withdrawn'
        : 'Left'
  switch (result.state) {
    case 'no-deadline':
      return visit.leftAt === null ? 'Still open; no timescale' : `${how}; no timescale`
    case 'met':
      return `${how} within timescale`
    case 'missed': {
      if (result.stillOpen) {
        const n = visit.due ? daysOver(visit.due.deadline, now, cal) : 0
        return n > 0 ? `Still open, ${workingDays(n)} over` : 'Still open, past its deadline'
      }
      const leftOn = civilDateInLondon(visit.leftAt ?? now)
      const n = visit.due
        ? workingDaysOverdue(civilDateInLondon(deadlineInstant(visit.due.deadline)), leftOn, cal)
        : 0
      return n > 0 ? `${how} ${workingDays(n)} after the deadline` : `${how} after the deadline`
    }
    case 'pending':
      return 'Still open, within timescale'
    case 'conditional':
      return 'Only if it applies'
  }
}

/** The same for a step within a stage: done within timescale, done late, or not done and how late. */
export function stepTimescaleWords(
  step: DueItem,
  dispute: Dispute,
  now: string,
  cal: WorkingCalendar = defaultCalendar(),
): string {
  const result: DeadlineResult = stepDeadlineResult(step, dispute, now)
  switch (result.state) {
    case 'no-deadline':
      return 'No timescale'
    case 'met':
      return 'Done within timescale'
    case 'missed': {
      const done = dispute.stepsDone.find((s) => s.key === step.key)
      if (done) return 'Done after the deadline'
      const n = daysOver(step.deadline, now, cal)
      return result.stillOpen
        ? n > 0
          ? `Not done, ${workingDays(n)} over`
          : 'Not done, past its deadline'
        : 'Not done by the deadline'
    }
    case 'pending':
      return 'Not yet due'
    case 'conditional':
      return 'Only if it applies'
  }
}

export const TRIAGE_WORDS: Record<Dispute['triage']['level'], string> = {
  immediateDanger: 'Child in immediate danger',
  significantHarm: 'Significant harm likely within the policy’s timescale',
  standard: 'Standard',
}

export const DISPUTED_WORDS: Record<Dispute['disputed']['kind'], string> = {
  decision: 'A decision',
  action: 'An action',
  inaction: 'An inaction',
}

export function statusWords(dispute: Dispute): string {
  switch (dispute.status) {
    case 'open':
      return 'Open'
    case 'resolved':
      return `Resolved${dispute.closedAt ? ` on ${formatDateTime(dispute.closedAt)}` : ''}`
    case 'withdrawn':
      return `Withdrawn${dispute.closedAt ? ` on ${formatDateTime(dispute.closedAt)}` : ''}`
  }
}
