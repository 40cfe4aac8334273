/**
 * Clocks from events. A timescale that counts from an earlier step ("within 5 working days of the issue
 * being brought to the Chair's attention") counts from when that step happened once it is recorded as
 * done, and from the step's deadline until then. Stored deadlines otherwise never move (a policy edit or
 * a calendar change leaves them alone); a recorded step of the same dispute is the one thing that does,
 * and the item keeps its first deadline and basis in `earlier`.
 *
 * Only items whose chain of "counts from" reaches a step recorded as done are recomputed; every other
 * anchor is the stored deadline, so a closure day added since the stage began moves nothing else. The
 * recomputation uses the calendar as it is when the step is recorded.
 */
import type { Deadline, Dispute, DueItem } from '../../../shared/dispute'
import { formatDate, formatDateTime } from '../../../shared/dates'
import type { Policy, Step, Timescale } from '../../../shared/policy'
import type { WorkingCalendar } from '../calendar'
import { type StepAnchor, type Timed, deadlineOf } from '../policies/timescales'

const sameDeadline = (a: Deadline, b: Deadline): boolean =>
  a.kind === 'date' ? b.kind === 'date' && a.date === b.date : b.kind === 'instant' && a.at === b.at
const shown = (d: Deadline): string => (d.kind === 'date' ? formatDate(d.date) : formatDateTime(d.at))

interface Container {
  keyPrefix: string
  timed: Timed
  due: DueItem | null
  steps: readonly DueItem[]
}

function rebaseContainer(
  c: Container,
  disagreementOn: string,
  done: ReadonlyMap<string, string>,
  cal: WorkingCalendar,
): { due: DueItem | null; steps: DueItem[]; changed: boolean } {
  const policySteps = new Map<string, Step>(c.timed.steps.map((s) => [`${c.keyPrefix}/step/${s.id}`, s]))
  const anchors = new Map<string, StepAnchor>()
  /** Steps recorded as done, or whose own deadline was recomputed: what counts from them moves. */
  const moved = new Set<string>()
  let changed = false

  const recompute = (t: Timescale, item: DueItem): DueItem => {
    if (t.from.event !== 'step' || !moved.has(t.from.step)) return item
    // Only step-anchored timescales come here, so the stage's own start is never read.
    const anchorsNow = { disagreementOn, startedAt: '', startLabel: '', steps: anchors }
    const { deadline, basis } = deadlineOf(t, anchorsNow, cal)
    const earlier = item.earlier ?? { deadline: item.deadline, basis: item.basis }
    const note = sameDeadline(deadline, earlier.deadline) ? '' : ` (first set for ${shown(earlier.deadline)})`
    const next = { ...item, deadline, basis: `${item.label}: ${basis}${note}`, earlier }
    if (sameDeadline(next.deadline, item.deadline) && next.basis === item.basis) return item
    changed = true
    return next
  }

  // Stored steps are in the policy's order (scheduleOf walks it), so every anchor is seen before its use.
  const steps = c.steps.map((item) => {
    const step = policySteps.get(item.key)
    if (!step?.timescale) return item
    const next = recompute(step.timescale, item)
    const doneOn = done.get(item.key)
    if (next !== item || doneOn !== undefined) moved.add(step.id)
    anchors.set(step.id, { deadline: next.deadline, title: step.title, ...(doneOn !== undefined ? { doneOn } : {}) })
    return next
  })
  const due = c.due && c.timed.timescale ? recompute(c.timed.timescale, c.due) : c.due
  return { due, steps, changed }
}

/** The dispute with every deadline that counts from a step recorded as done counted from that day. */
export function rebaseOnStepsDone(dispute: Dispute, policy: Policy, cal: WorkingCalendar): Dispute {
  const done = new Map(dispute.stepsDone.map((s) => [s.key, s.doneOn]))
  let changed = false
  const stageHistory = dispute.stageHistory.map((v) => {
    const timed = v.route === 'emergency' ? policy.emergencyRoute : policy.stages[(v.stage ?? 0) - 1]
    if (!timed) return v
    const r = rebaseContainer(
      {
        keyPrefix: v.route === 'emergency' ? 'emergency' : `stage-${v.stage}`,
        timed,
        due: v.due,
        steps: v.steps,
      },
      dispute.disagreementOn,
      done,
      cal,
    )
    changed ||= r.changed
    return r.changed ? { ...v, due: r.due, steps: r.steps } : v
  })
  const requests = dispute.requests.map((q) => {
    const option =
      q.kind === 'exceptionalRoute'
        ? policy.exceptionalRoutes.find((o) => o.id === q.optionId)
        : policy.anyStageOptions.find((o) => o.id === q.optionId)
    if (!option) return q
    const r = rebaseContainer(
      { keyPrefix: q.id, timed: { steps: option.steps }, due: null, steps: q.steps },
      dispute.disagreementOn,
      done,
      cal,
    )
    changed ||= r.changed
    return r.changed ? { ...q, steps: r.steps } : q
  })
  return changed ? { ...dispute, stageHistory, requests } : dispute
}
