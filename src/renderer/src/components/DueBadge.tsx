import type { DisputeStatusView, DueView } from '../../../shared/views'
import { formatCivilDate } from '../format'
import { londonParts, todayInLondon } from '../time'

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
    case 'dueSoon': {
      const date = due.deadline.kind === 'date' ? due.deadline.date : londonParts(due.deadline.at).date
      return <span className="badge due-soon">{date === todayInLondon() ? 'Due today' : 'Due soon'}</span>
    }
    case 'done': {
      const late = due.doneLateByWorkingDays ?? 0
      const when = due.doneOn ? ` on ${formatCivilDate(due.doneOn)}` : ''
      return (
        <span className={`badge ${late > 0 ? 'overdue' : 'ok'}`}>
          Done{when}
          {due.doneLateByWorkingDays === undefined ? '' : late > 0 ? `, ${late} working day${late === 1 ? '' : 's'} late` : ', within timescale'}
        </span>
      )
    }
    case 'conditional':
      return <span className="badge neutral">If needed</span>
    default:
      return <span className="badge ok">On track</span>
  }
}

export function statusBadge(status: DisputeStatusView | null) {
  return <DueBadge due={status?.nextDeadline ?? null} />
}
