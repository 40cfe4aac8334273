import { useCallback, useEffect, useLayoutEffect, useState } from 'react'
import type { PersonSlot, SessionInfo } from '../../../shared/ipc'
import type { Policy } from '../../../shared/policy'
import type { DisputeView, RecordView } from '../../../shared/views'
import { call } from '../api'
import { DueBadge } from '../components/DueBadge'
import { Spinner } from '../components/forms'
import { formatCivilDate, formatInstant } from '../format'
import { policyById, usePolicies } from '../policies'
import { DisputeCircumstances } from './DisputeCircumstances'
import { StagePeoplePanel } from './StagePeople'
import { ExportPanel } from './ExportPanel'
import { EscalateForm, NotificationNotNeededForm, NotificationSentForm, RequestForm, ResolveForm, StepDoneButton, WithdrawForm } from './DisputeActions'
import { LogContact } from './LogContact'
import { EmailDrop } from './EmailDrop'
import { CalendarExport } from './CalendarExport'
import { PrintPanel } from './PrintPanel'
import { MeetingScreen } from './MeetingScreen'
import { RapidResolution } from './RapidResolution'
import { RecordCard } from './RecordCard'
import { positionName, positionNameInSentence, positionWordsOf } from '../../../shared/policy-words'

type Panel =
  | { kind: 'none' }
  | { kind: 'log'; record?: RecordView }
  | { kind: 'escalate' }
  | { kind: 'resolve' }
  | { kind: 'withdraw' }
  | { kind: 'request'; option: { kind: 'anyStageOption' | 'exceptionalRoute'; id: string; title: string } }
  | { kind: 'notification'; notificationId: string; stage: number | null; settle: 'sent' | 'notNeeded' }
  | { kind: 'meeting' }

interface Props {
  session: SessionInfo
  disputeId: string
  /** Open "Log a contact" at once (Ctrl+L from elsewhere). */
  logRequested: number
  onBack: () => void
  /** The Directory, showing this dispute's partnership's contacts. */
  onOpenDirectory?: (partnershipId: string) => void
}

/** One dispute: where it stands, what is due and owed, what blocks the next step, and its timeline. */
export function DisputePage({ session, disputeId, logRequested, onBack, onOpenDirectory }: Props) {
  const [view, setView] = useState<DisputeView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [panel, setPanel] = useState<Panel>({ kind: 'none' })
  const [people, setPeople] = useState<PersonSlot[]>([])
  const [message, setMessage] = useState<string | null>(null)
  /**
   * Where focus goes once the result of an action is on screen (the confirmation, the new record), so a
   * keyboard or screen-reader user lands on it rather than on the page body. Cleared once focused.
   */
  const [focusTarget, setFocusTarget] = useState<string | null>(null)
  const policies = usePolicies()

  const reload = useCallback(async () => {
    const r = await call('disputes.get', { disputeId })
    if (r.ok) setView(r.value)
    else setError(r.error.message)
  }, [disputeId])

  useEffect(() => {
    void reload()
    void call('people.list', {}).then((r) => r.ok && setPeople(r.value))
  }, [reload])

  useEffect(() => {
    if (logRequested > 0) setPanel({ kind: 'log' })
  }, [logRequested])

  // After each render: the target may only appear once the dispute has been read again.
  useLayoutEffect(() => {
    if (!focusTarget) return
    const target = document.getElementById(focusTarget)
    if (!target) return
    target.focus()
    target.scrollIntoView({ block: 'center' })
    setFocusTarget(null)
  }, [focusTarget, view])

  if (error) return <div className="notice danger" role="alert">{error}</div>
  if (!view) return <Spinner label="Opening the dispute…" />

  const { dispute, status } = view
  const policy = policyById(policies, dispute.policy.id, dispute.policy.version)
  const open = dispute.status === 'open'
  const done = (next: DisputeView, note?: string) => {
    setView(next)
    setPanel({ kind: 'none' })
    if (note) {
      setMessage(note)
      setFocusTarget('dispute-message')
    }
  }
  /** Opening a form: an earlier confirmation no longer describes what is on screen. */
  const openPanel = (next: Panel) => {
    setMessage(null)
    setPanel(next)
  }
  const closeLog = (changed: boolean, saved?: { recordId: string; approved: boolean }) => {
    setPanel({ kind: 'none' })
    if (saved) {
      setMessage(saved.approved ? 'The contact record is saved and approved.' : 'The contact record is saved as a draft. It needs approving before the dispute can move on.')
      setFocusTarget(`record-card-${saved.recordId}`)
    }
    if (changed) void reload()
  }
  const drafts = view.records.filter((r) => r.status === 'draft')
  const timeline = buildTimeline(view, policy)
  const words = positionWordsOf(policy)
  // The policy's final stage holds its meeting (stage 4 in every built-in policy): reachable once the dispute has been there.
  const meetingStage = policy?.stages.at(-1)?.number
  const atMeetingStage = meetingStage !== undefined && dispute.status !== 'withdrawn' && dispute.stageHistory.some((v) => v.route === 'stages' && v.stage === meetingStage)
  if (panel.kind === 'meeting')
    return <MeetingScreen disputeId={dispute.id} onBack={() => { setPanel({ kind: 'none' }); setFocusTarget('open-meeting'); void reload() }} />

  return (
    <>
      <p>
        <button type="button" className="link" onClick={onBack}>← Back to the dashboard</button>
      </p>
      <span className="caption">{dispute.policy.partnership}</span>
      <h1>
        {dispute.reference}: {view.children.map((c) => c.name).join(', ')}
      </h1>
      {message && <div id="dispute-message" className="notice success" role="status" tabIndex={-1}>{message}</div>}
      {view.problem && <div className="notice danger" role="alert">{view.problem}</div>}
      {status?.urgentGuidance && <div className="notice danger">{status.urgentGuidance}</div>}

      <dl className="summary-list">
        <dt>Status</dt>
        <dd>
          {dispute.status === 'open' ? status?.position : dispute.status === 'resolved' ? `Resolved on ${formatInstant(dispute.closedAt ?? '')}` : `Withdrawn on ${formatInstant(dispute.closedAt ?? '')}`}{' '}
          {open && <DueBadge due={status?.nextDeadline ?? null} />}
        </dd>
        <dt>Other agency</dt>
        <dd>
          {dispute.otherAgency.agency} — {dispute.otherAgency.practitioner}
          {dispute.otherAgency.role ? `, ${dispute.otherAgency.role}` : ''}
          {dispute.otherAgency.contactDetails ? ` (${dispute.otherAgency.contactDetails})` : ''}
        </dd>
        <dt>Disputed {dispute.disputed.kind}</dt>
        <dd className="prose">{dispute.disputed.description}</dd>
        <dt>Disagreement arose</dt>
        <dd>{formatCivilDate(dispute.disagreementOn)}</dd>
        <dt>Policy</dt>
        <dd>{view.policyTitle}, version {dispute.policy.version}</dd>
        {onOpenDirectory && (
          <>
            <dt>Contacts</dt>
            <dd>
              <button type="button" className="link" onClick={() => onOpenDirectory(dispute.policy.id)}>
                {dispute.policy.partnership} contacts in your directory
              </button>
            </dd>
          </>
        )}
      </dl>

      {open && status && (
        <>
          {status.blockers.length > 0 && (
            <div className="notice warning">
              <h2 className="h3" style={{ marginTop: 0 }}>What stops the next step</h2>
              <ul>
                {status.blockers.map((b) => (
                  <li key={b.code + b.message}>{b.message}</li>
                ))}
              </ul>
              {drafts.length > 0 && (
                <button type="button" className="button secondary" onClick={() => setFocusTarget(`approve-record-${drafts[0]!.id}`)}>
                  {drafts.length} record{drafts.length === 1 ? '' : 's'} await{drafts.length === 1 ? 's' : ''} approval — approve {drafts.length === 1 ? 'it' : 'them'}
                </button>
              )}
            </div>
          )}
          <div className="actions button-group" role="group" aria-label="Actions">
            <button type="button" className="button" onClick={() => openPanel({ kind: 'log' })}>Log a contact (Ctrl+L)</button>
            {status.nextStage && <button type="button" className="button secondary" onClick={() => openPanel({ kind: 'escalate' })}>Escalate to {positionNameInSentence(words, status.nextStage.number)}</button>}
            <button type="button" className="button secondary" onClick={() => openPanel({ kind: 'resolve' })}>Resolve</button>
            {status.available.map((o) => (
              <button key={o.kind + o.id} type="button" className="button secondary" onClick={() => openPanel({ kind: 'request', option: o })}>
                Request {o.title.charAt(0).toLowerCase() + o.title.slice(1)}
              </button>
            ))}
            <button type="button" className="button secondary" onClick={() => openPanel({ kind: 'withdraw' })}>Withdraw</button>
          </div>
        </>
      )}

      {open && panel.kind === 'none' && (
        <>
          <EmailDrop disputeId={dispute.id} onDraft={(record) => { setMessage(null); void reload(); setPanel({ kind: 'log', record }) }} />
          <CalendarExport disputeId={dispute.id} />
        </>
      )}
      {panel.kind === 'log' && (
        <LogContact key={panel.record?.id ?? 'new'} view={view} record={panel.record} onClose={closeLog} />
      )}
      {panel.kind === 'escalate' && <EscalateForm view={view} onDone={(v) => done(v, `Escalated to ${v.status?.position ?? 'the next stage'}.`)} onCancel={() => setPanel({ kind: 'none' })} />}
      {panel.kind === 'resolve' && <ResolveForm view={view} policy={policy} onDone={(v) => done(v, 'The dispute is resolved and its outcome recorded.')} onCancel={() => setPanel({ kind: 'none' })} />}
      {panel.kind === 'withdraw' && <WithdrawForm view={view} onDone={(v) => done(v, 'The dispute is withdrawn.')} onCancel={() => setPanel({ kind: 'none' })} />}
      {panel.kind === 'request' && <RequestForm view={view} option={panel.option} onDone={(v) => done(v, `Recorded: ${panel.option.title} requested.`)} onCancel={() => setPanel({ kind: 'none' })} />}

      {open && dispute.route === 'emergency' && policy && (
        <RapidResolution view={view} policy={policy} onChanged={() => void reload()} onLogConversation={(record) => { void reload(); setPanel({ kind: 'log', record }) }} />
      )}

      <DisputeCircumstances view={view} policy={policy} onDone={(v) => done(v, 'The dates are corrected; the notifications follow them.')} />

      <StagePeoplePanel view={view} onChanged={(v) => done(v, 'Who is involved is recorded.')} />

      {status && (open || status.dueDates.length > 0 || status.notificationsOwed.length > 0) && (
        <>
          {(open || status.dueDates.length > 0) && <h2>{open ? 'Deadlines' : 'Steps completed'}</h2>}
          {(open || status.dueDates.length > 0) && <table>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Due</th>
                <th scope="col">Basis</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {status.dueDates.map((d) => (
                <tr key={d.key}>
                  <td>{d.label}{d.onlyIf ? <span className="small muted"><br />Only if: {d.onlyIf}</span> : null}</td>
                  <td>{d.display}</td>
                  <td className="small">{d.basis}{d.wording ? <><br /><span className="muted">Policy: “{d.wording}”</span></> : null}</td>
                  <td>
                    <DueBadge due={d} />
                    {open && d.state !== 'done' && d.key.includes('/step/') && (
                      <>
                        <br />
                        <StepDoneButton view={view} stepKey={d.key} label={d.label} onDone={(v) => done(v)} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>}
          {status.notificationsOwed.length > 0 && (
            <>
              <h2>Notifications owed</h2>
              <ul className="owed">
                {status.notificationsOwed.map((n) => {
                  const key = `${n.notificationId}-${n.stage ?? ''}`
                  const showing = panel.kind === 'notification' && panel.notificationId === n.notificationId && panel.stage === n.stage ? panel.settle : null
                  return (
                    <li key={key} className="card">
                      <p>
                        <strong>{n.reason}</strong>
                      </p>
                      <p className="small">
                        {n.what}
                        <br />
                        To: {n.recipient.name}
                        {n.recipient.organisation ? `, ${n.recipient.organisation}` : ''}
                        {n.recipient.email ? ` — ${n.recipient.email}` : ''}
                        {n.recipient.phone ? ` — ${n.recipient.phone}` : ''}
                        {n.form ? <><br />Form: {n.form.title}{n.form.colour ? ` (${n.form.colour})` : ''}</> : null}
                        {n.recipient.caution ? <><br /><strong>Check first:</strong> {n.recipient.caution}</> : null}
                        <br />
                        Owed since {formatCivilDate(n.owedSince)}
                      </p>
                      {showing === 'sent' ? (
                        <NotificationSentForm view={view} notificationId={n.notificationId} stage={n.stage} onDone={(v) => done(v, 'Notification recorded as sent.')} onCancel={() => setPanel({ kind: 'none' })} />
                      ) : showing === 'notNeeded' ? (
                        <NotificationNotNeededForm view={view} notificationId={n.notificationId} stage={n.stage} onDone={(v) => done(v, 'Notification recorded as not needed.')} onCancel={() => setPanel({ kind: 'none' })} />
                      ) : (
                        <div className="button-group">
                          <button type="button" className="button secondary" onClick={() => openPanel({ kind: 'notification', notificationId: n.notificationId, stage: n.stage, settle: 'sent' })}>
                            Mark as sent<span className="visually-hidden">: {n.reason}</span>
                          </button>
                          <button type="button" className="button secondary" onClick={() => openPanel({ kind: 'notification', notificationId: n.notificationId, stage: n.stage, settle: 'notNeeded' })}>
                            Not needed<span className="visually-hidden">: {n.reason}</span>
                          </button>
                        </div>
                      )}
                    </li>
                  )
                })}
              </ul>
            </>
          )}
          {status.mustRecord.length > 0 && (
            <>
              <h2>What the policy says to record now</h2>
              <ul>
                {status.mustRecord.map((m) => (
                  <li key={m.what}>{m.what}{m.where ? ` — ${m.where}` : ''}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}

      {dispute.outcome && (
        <>
          <h2>Outcome</h2>
          <dl className="summary-list">
            <dt>Outcome</dt>
            <dd className="prose">{dispute.outcome.summary}</dd>
            <dt>Confirmed in writing</dt>
            <dd>{formatCivilDate(dispute.outcome.writtenConfirmation.receivedOn)} by {dispute.outcome.writtenConfirmation.from}</dd>
            {dispute.outcome.whatWorkedWell && (<><dt>What worked well</dt><dd className="prose">{dispute.outcome.whatWorkedWell}</dd></>)}
            {dispute.outcome.worriedAbout && (<><dt>Worried about</dt><dd className="prose">{dispute.outcome.worriedAbout}</dd></>)}
            {dispute.outcome.needsToChange && (<><dt>Needs to change</dt><dd className="prose">{dispute.outcome.needsToChange}</dd></>)}
            {dispute.outcome.lessonsToForward && (<><dt>Lessons to forward</dt><dd className="prose">{dispute.outcome.lessonsToForward}</dd></>)}
          </dl>
        </>
      )}
      {dispute.withdrawal && (
        <>
          <h2>Withdrawn</h2>
          <p>{dispute.withdrawal.reason}</p>
        </>
      )}

      {atMeetingStage && (
        <section aria-labelledby="meeting-link-title">
          <h2 id="meeting-link-title">Stage {meetingStage} meeting</h2>
          <p>Arrange the meeting, prepare each agency’s position, record its decision and sign it off.</p>
          <button id="open-meeting" type="button" className="button secondary" onClick={() => openPanel({ kind: 'meeting' })}>
            Open the stage {meetingStage} meeting
          </button>
        </section>
      )}

      <ExportPanel view={view} />

      <PrintPanel disputeId={dispute.id} records={view.records} />

      <h2 className="timeline-heading">Timeline</h2>
      {timeline.length === 0 && <p>Nothing recorded yet.</p>}
      <ol className="timeline">
        {timeline.map((item) =>
          item.kind === 'record' ? (
            <li key={item.key}>
              <RecordCard
                disputeId={dispute.id}
                record={item.record}
                people={people}
                me={session.person.personId}
                onChanged={() => void reload()}
                onEditDraft={(record) => openPanel({ kind: 'log', record })}
                words={words}
              />
            </li>
          ) : (
            <li key={item.key} className="timeline-event">
              <span className="small muted">{formatInstant(item.at)}</span> — {item.text}
            </li>
          ),
        )}
      </ol>
    </>
  )
}

type TimelineItem = { key: string; at: string } & ({ kind: 'record'; record: RecordView } | { kind: 'event'; text: string })

/** Records, stage changes, notifications, requests and the 999 call, in the order they happened. */
function buildTimeline(view: DisputeView, policy: Policy | undefined): TimelineItem[] {
  const d = view.dispute
  const stepTitle = stepTitles(view)
  const words = positionWordsOf(policy)
  const items: TimelineItem[] = view.records.map((r) => ({ key: `r-${r.id}`, at: r.occurredAt, kind: 'record' as const, record: r }))
  if (d.triage.emergencyCall) items.push({ key: 'call999', at: d.triage.emergencyCall.calledAt, kind: 'event', text: `999 called by ${d.triage.emergencyCall.by}${d.triage.emergencyCall.note ? ` — ${d.triage.emergencyCall.note}` : ''}` })
  const first = d.triage.immediateAction
  if (first) items.push({ key: 'immediate', at: first.doneAt, kind: 'event', text: `Done first, as the policy says (“${first.instruction ?? ''}”), by ${first.by}${first.note ? ` — ${first.note}` : ''}` })
  d.stageHistory.forEach((s, i) =>
    items.push({
      key: `s-${i}`,
      at: s.enteredAt,
      kind: 'event',
      text: `${s.how === 'opened' ? 'Opened' : s.how === 'startedLater' ? 'Opened at a later stage' : 'Escalated'}: ${s.route === 'emergency' ? positionName(words, 'emergency') : positionNameInSentence(words, s.stage ?? 1)} (by ${s.enteredBy})${s.reason ? ` — ${s.reason}` : ''}${s.due ? `. Due ${formatDue(s.due)}` : ''}`,
    }),
  )
  d.notificationsSent.forEach((n, i) => items.push({ key: `n-${i}`, at: n.recordedAt, kind: 'event', text: `Notification sent on ${formatCivilDate(n.sentOn)}: ${notificationTitle(policy, n.notificationId)}${n.stage ? ` (${positionNameInSentence(words, n.stage)})` : ''} — recorded by ${n.by}${n.note ? ` — ${n.note}` : ''}` }))
  d.requests.forEach((q) => items.push({ key: `q-${q.id}`, at: q.requestedAt, kind: 'event', text: `Requested: ${q.title} (by ${q.by})${q.note ? ` — ${q.note}` : ''}` }))
  d.stepsDone.forEach((s, i) => items.push({ key: `d-${i}`, at: s.recordedAt, kind: 'event', text: `Step done on ${formatCivilDate(s.doneOn)}: ${stepTitle(s.key)} (by ${s.by})` }))
  if (d.outcome) items.push({ key: 'outcome', at: d.outcome.resolvedAt, kind: 'event', text: `Resolved by ${d.outcome.resolvedBy}` })
  if (d.withdrawal) items.push({ key: 'withdrawn', at: d.withdrawal.at, kind: 'event', text: `Withdrawn by ${d.withdrawal.by}` })
  return items.sort((a, b) => a.at.localeCompare(b.at))
}

/**
 * The words for a step's key ("stage-2/step/managers-resolve" → "Stage 2: Managers resolve"), from the
 * deadlines stored with the dispute, so a step of a closed dispute or an older policy version still has
 * its title. Keys are the program's own and mean nothing to a DSL, so they are never shown.
 */
function stepTitles(view: DisputeView): (key: string) => string {
  const titles = new Map<string, string>()
  const add = (due: { key: string; label: string } | null) => due && titles.set(due.key, due.label)
  for (const visit of view.dispute.stageHistory) {
    add(visit.due)
    visit.steps.forEach(add)
  }
  for (const request of view.dispute.requests) request.steps.forEach(add)
  view.status?.dueDates.forEach(add)
  return (key) => titles.get(key) ?? 'a step of the policy'
}

/** Who a notification went to, in the policy's words: "Independent Reviewing Officer, Children's Services". */
function notificationTitle(policy: Policy | undefined, notificationId: string): string {
  const notification = policy?.notifications.find((n) => n.id === notificationId)
  const contact = notification && policy?.contacts.find((c) => c.id === notification.recipient)
  if (!contact) return 'a notification the policy requires'
  return `${contact.name}${contact.organisation ? `, ${contact.organisation}` : ''}`
}

function formatDue(due: NonNullable<DisputeView['dispute']['stageHistory'][number]['due']>): string {
  return due.deadline.kind === 'date' ? formatCivilDate(due.deadline.date) : formatInstant(due.deadline.at)
}
