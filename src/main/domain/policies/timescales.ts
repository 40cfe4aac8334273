/**
 * What a policy timescale means as a date. The convention (docs/policy-format.md):
 * - "N working days from X" is the Nth working day after X; X itself never counts, working day or not.
 *   The deadline is that civil date, passing at the end of the day in Europe/London.
 * - "one working week" is 5 working days.
 * - "within N hours" is the instant N real hours after the starting instant. From a step whose deadline is
 *   a date, the hours run from the end of that day.
 * - Working days from a step whose deadline is an instant run from that instant's date in England.
 */
import type { Deadline, DueItem } from '../../../shared/dispute'
import { formatDate, formatDateTime } from '../../../shared/dates'
import type { Step, Timescale } from '../../../shared/policy'
import {
  type WorkingCalendar,
  addHours,
  addWorkingDays,
  civilDateInLondon,
  endOfWorkingDayInstant,
} from '../calendar'

export interface TimescaleAnchors {
  /** The civil date the disagreement arose (or the decision was received). */
  disagreementOn: string
  /** The instant the stage, route or request began. */
  startedAt: string
  /** How to name that beginning when the policy does not: "the end of stage 1", "the start of stage 1", "the request". */
  startLabel: string
  /**
   * Earlier steps of the same stage or route: their deadlines and, once recorded as done, the day they
   * were done — a timescale that counts from a step counts from when it happened, or from its deadline
   * until that is recorded.
   */
  steps: ReadonlyMap<string, StepAnchor>
}

export interface StepAnchor {
  deadline: Deadline
  title: string
  /** The civil date the step was recorded as done. */
  doneOn?: string
}

import { amountInWords } from '../../../shared/policy-words'

export { amountInWords }

/** The deadline a timescale sets, and the words that explain it ("2 working days from the end of stage 1 on 3 Dec 2026"). */
export function deadlineOf(
  t: Timescale,
  anchors: TimescaleAnchors,
  cal: WorkingCalendar,
): { deadline: Deadline; basis: string } {
  const from = t.from
  let label: string
  let anchor: Deadline
  /** Counting from a step's deadline because the step itself is not recorded yet. */
  let provisional = false
  if (from.event === 'disagreement') {
    label = from.label ?? 'the disagreement'
    anchor = { kind: 'date', date: anchors.disagreementOn }
  } else if (from.event === 'stageStart') {
    // A policy that counts "within 3 working days of Stage 3" from the start of stage 4 names a stage but
    // not which end of it (issue 16): where the stage was entered from that one, say "the end of stage 3".
    const bareStage = from.label !== undefined && /^stage \d+$/i.test(from.label.trim())
    label = bareStage && anchors.startLabel.toLowerCase().endsWith(` ${from.label!.trim().toLowerCase()}`) ? anchors.startLabel : (from.label ?? anchors.startLabel)
    anchor = { kind: 'instant', at: anchors.startedAt }
  } else {
    const step = anchors.steps.get(from.step)
    // validatePolicy guarantees the step exists and comes earlier, and has been computed if it is timed.
    if (!step) throw new Error(`Timescale counts from step "${from.step}", which has no deadline`)
    label = from.label ?? `“${step.title}”`
    if (step.doneOn !== undefined) anchor = { kind: 'date', date: step.doneOn }
    else {
      anchor = step.deadline
      provisional = true
    }
  }
  const not = provisional ? ' — not yet recorded, so from its deadline' : ''

  const amount = amountInWords(t)
  if (t.unit === 'hours') {
    const start = anchor.kind === 'instant' ? anchor.at : endOfWorkingDayInstant(anchor.date)
    const when =
      anchor.kind === 'instant'
        ? `at ${formatDateTime(anchor.at)}`
        : `at the end of ${formatDate(anchor.date)}`
    return {
      deadline: { kind: 'instant', at: addHours(start, t.amount) },
      basis: `${amount} from ${label}${not}${provisional ? ',' : ''} ${when}`,
    }
  }
  const startDate = anchor.kind === 'date' ? anchor.date : civilDateInLondon(anchor.at)
  const days = t.unit === 'workingWeeks' ? t.amount * 5 : t.amount
  return {
    deadline: { kind: 'date', date: addWorkingDays(startDate, days, cal) },
    basis: `${amount} from ${label}${not || ' on'} ${formatDate(startDate)}`,
  }
}

/** Anything with an optional timescale and timed steps: a stage, the emergency route, a requested option. */
export interface Timed {
  timescale?: Timescale
  steps: readonly Step[]
}

/**
 * The deadlines of a stage (or route, or request) entered at `startedAt`: its own, and each timed step's.
 * `keyPrefix` makes the DueItem keys unique within a dispute; `title` begins each label ("Stage 2").
 */
export function scheduleOf(
  timed: Timed,
  where: { keyPrefix: string; title: string; startedAt: string; startLabel: string; disagreementOn: string },
  cal: WorkingCalendar,
): { due: DueItem | null; steps: DueItem[] } {
  const computed = new Map<string, StepAnchor>()
  const anchors = (): TimescaleAnchors => ({
    disagreementOn: where.disagreementOn,
    startedAt: where.startedAt,
    startLabel: where.startLabel,
    steps: computed,
  })
  const steps: DueItem[] = []
  for (const step of timed.steps) {
    if (!step.timescale) continue
    const { deadline, basis } = deadlineOf(step.timescale, anchors(), cal)
    computed.set(step.id, { deadline, title: step.title })
    const label = `${where.title}: ${step.title}`
    steps.push({
      key: `${where.keyPrefix}/step/${step.id}`,
      label,
      deadline,
      basis: `${label}: ${basis}`,
      ...(step.timescale.wording !== undefined ? { wording: step.timescale.wording } : {}),
      ...(step.onlyIf !== undefined ? { onlyIf: step.onlyIf } : {}),
    })
  }
  let due: DueItem | null = null
  if (timed.timescale) {
    const { deadline, basis } = deadlineOf(timed.timescale, anchors(), cal)
    due = {
      key: where.keyPrefix,
      label: where.title,
      deadline,
      basis: `${where.title}: ${basis}`,
      ...(timed.timescale.wording !== undefined ? { wording: timed.timescale.wording } : {}),
    }
  }
  return { due, steps }
}
