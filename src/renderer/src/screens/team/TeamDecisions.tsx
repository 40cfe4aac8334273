import type { DashboardView } from '../../../../shared/views'

const STATUS_WORDS: Record<DashboardView['team'][number]['status'], string> = {
  open: 'Open',
  resolved: 'Resolved meanwhile',
  withdrawn: 'Withdrawn meanwhile',
}

/**
 * The dashboard's "Needs a decision from the team": disputes whose team notes ask a person to decide or check
 * something (moves made on two devices at once, a draft edited on two, one reference given twice), a dispute
 * closed by one of two moves included, since it has left the open disputes below.
 */
export function TeamDecisions({ team, onOpenDispute }: { team: DashboardView['team']; onOpenDispute: (id: string) => void }) {
  if (team.length === 0) return null
  return (
    <section className="notice warning" aria-labelledby="team-decisions-title">
      <h2 id="team-decisions-title" className="h3" style={{ marginTop: 0 }}>Needs a decision from the team</h2>
      <ul className="team-decisions">
        {team.map((d) => (
          <li key={d.id}>
            <button type="button" className="link" onClick={() => onOpenDispute(d.id)}>
              <strong>{d.reference}</strong>
              {d.childNames.length > 0 ? ` — ${d.childNames.join(', ')}` : ''}
            </button>{' '}
            <span className="small muted">({STATUS_WORDS[d.status]})</span>
            <ul className="small">
              {d.what.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  )
}
