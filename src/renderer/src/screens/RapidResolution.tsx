import { useState } from 'react'
import type { Policy } from '../../../shared/policy'
import type { DisputeView, RecordView } from '../../../shared/views'
import { call } from '../api'
import { DueBadge } from '../components/DueBadge'
import { formatInstant } from '../format'
import { londonParts } from '../time'

/**
 * The rapid-resolution route's phone ladder as a checklist: who to ring in order, their number, every
 * attempt with its time and whether it was answered, and a clock against the route's deadline. Each
 * effort is a contact record of its own ("A record of each effort to contact and each conversation").
 */
export function RapidResolution({ view, policy, onChanged, onLogConversation }: { view: DisputeView; policy: Policy; onChanged: () => void; onLogConversation: (record: RecordView) => void }) {
  const route = policy.emergencyRoute
  const ladder = route?.callLadder
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!route || !ladder) return null
  const contacts = new Map(policy.contacts.map((c) => [c.id, c]))
  const rungs = [...ladder.rungs.map((id) => ({ id, outOfHours: false })), ...(ladder.outOfHours ? [{ id: ladder.outOfHours.contact, outOfHours: true }] : [])]
  const attempts = view.records.filter((r) => r.stage === 'emergency' && r.numberDialled)
  // The route's own timescale ("The entire process should be completed within one working day"); the live
  // countdown of its hours is at the top of the dispute page.
  const due = view.status?.dueDates.find((d) => d.key === 'emergency') ?? view.status?.nextDeadline ?? null

  const attempt = async (contactId: string, answered: boolean) => {
    if (busy) return
    setBusy(true)
    setError(null)
    const c = contacts.get(contactId)
    const draft = await call('records.createDraft', {
      disputeId: view.dispute.id,
      draft: {
        kind: answered ? 'phone-call' : 'voicemail-left',
        stage: 'emergency',
        // The attempt is logged as the button is pressed, so it happened now (in the clock's own words).
        occurredAt: londonParts(new Date()),
        contact: { name: c?.name ?? '', role: c?.name ?? '', agency: c?.organisation ?? '', phone: c?.phone ?? '', email: c?.email ?? '', directoryId: null },
        direction: 'outgoing',
        numberDialled: c?.phone ?? '',
        answered,
        messageLeft: answered ? '' : (ladder.messageToLeave ?? `The ${route.title} has been invoked: please respond urgently.`),
      },
    })
    if (!draft.ok) {
      setBusy(false)
      return setError(draft.error.message)
    }
    if (answered) {
      setBusy(false)
      onLogConversation(draft.value)
      return
    }
    const approved = await call('records.approve', { disputeId: view.dispute.id, recordId: draft.value.id })
    setBusy(false)
    if (!approved.ok) setError(approved.error.message)
    onChanged()
  }

  return (
    <section className="card rapid" aria-labelledby="rapid-title">
      <h2 id="rapid-title" style={{ marginTop: 0 }}>{route.title}</h2>
      <p className="lead">
        <DueBadge due={due} /> {due ? <>Complete by <strong>{due.display}</strong>.</> : null}
      </p>
      <p className="small">{ladder.appliesWhen}</p>
      {ladder.messageToLeave && (
        <p>
          If nobody answers, leave this message: <strong>“{ladder.messageToLeave}”</strong>
        </p>
      )}
      {error && <div className="notice danger" role="alert">{error}</div>}
      <ol className="ladder">
        {rungs.map(({ id, outOfHours }) => {
          const c = contacts.get(id)
          const mine = attempts.filter((a) => a.numberDialled.replace(/\s/g, '') === (c?.phone ?? '').replace(/\s/g, ''))
          return (
            <li key={`${id}-${outOfHours}`}>
              <p>
                <strong>{c?.name ?? id}</strong>
                {outOfHours ? ' (out of hours)' : ''} — <span className="phone">{c?.phone ?? 'no number in the policy'}</span>
              </p>
              {outOfHours && ladder.outOfHours && <p className="small">{ladder.outOfHours.instruction}</p>}
              {mine.length > 0 && (
                <ul className="small">
                  {mine.map((a) => (
                    <li key={a.id}>
                      {formatInstant(a.occurredAt)}: {a.answered ? 'answered' : 'not answered'}
                      {a.messageLeft ? ` — message left: “${a.messageLeft}”` : ''} {a.status === 'draft' ? '(draft)' : ''}
                    </li>
                  ))}
                </ul>
              )}
              <div className="button-group">
                <button type="button" className="button secondary" disabled={busy} onClick={() => void attempt(id, true)}>
                  Answered — record the conversation<span className="visually-hidden"> with {c?.name}</span>
                </button>
                <button type="button" className="button secondary" disabled={busy} onClick={() => void attempt(id, false)}>
                  No answer — message left<span className="visually-hidden"> for {c?.name}</span>
                </button>
              </div>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
