import type { DisputeStatusView, DueView } from '../../../shared/views'

/** A deadline's state in words as well as colour: "Overdue by 2 working days", "Due soon", "On track". */
export function DueBadge({ due }: { due: DueView | null }) {
  if (!due) return <span className="badge neutral">No deadline</span>
  switch (due.state) {
    case 'overdue':
      return (
        <span className="badge overdue">
          Overdue{due.overdueByWorkingDays > 0 ? ` by ${due.overdueByWorkingDays} working day${due.overdueByWorkingDays === 1 ? '' : 's'}` : ''}
        </span>
      )
    case 'dueSoon':
      return <span className="badge due-soon">Due soon</span>
    case 'done':
      return <span className="badge ok">Done{due.doneOn ? '' : ''}</span>
    case 'conditional':
      return <span className="badge neutral">If needed</span>
    default:
      return <span className="badge ok">On track</span>
  }
}

export function statusBadge(status: DisputeStatusView | null) {
  return <DueBadge due={status?.nextDeadline ?? null} />
}
