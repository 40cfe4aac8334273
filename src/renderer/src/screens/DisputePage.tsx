import { useCallback, useEffect, useLayoutEffect, useState } from 'react'
import type { PersonSlot, SessionInfo } from '../../../shared/ipc'
import type { DisputeView, RecordView } from '../../../shared/views'
import { useQueryClient } from '@tanstack/react-query'
import { channelKey, useChannel } from '../lib/queries'
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
import { StageExports } from './SignoffActions'
import { buildTimeline } from './DisputeTimeline'
import { HandOverForm, TakeRouteForm } from './RouteMoves'
import { Countdown } from '../components/Countdown'
import { positionName, positionNameInSentence, positionWordsOf } from '../../../shared/policy-words'
import { TeamNotesPanel } from './team/TeamNotes'
import { TeamMeetingVersions } from './team/TeamMeetingVersions'

const NO_PEOPLE: PersonSlot[] = []

type Panel =
  | { kind: 'none' }
  | { kind: 'log'; record?: RecordView }
  | { kind: 'escalate' }
  | { kind: 'resolve' }
  | { kind: 'withdraw' }
  | { kind: 'request'; option: { kind: 'anyStageOption' | 'exceptionalRoute'; id: string; title: string } }
  | { kind: 'notification'; notificationId: string; stage: number | null; settle: 'sent' | 'notNeeded' }
  | { kind: 'meeting' }
  | { kind: 'takeRoute' }
  | { kind: 'handOver' }

interface Props {
  session: SessionInfo
  disputeId: string
  /** Open "Log a contact" at once (Ctrl+L from elsewhere). */
  logRequested: number
  /** A record to scroll to and focus once the dispute is shown (a search result). */
  focusRecord?: string
  onBack: () => void
  /** The Directory, showing this dispute's partnership's contacts. */
  onOpenDirectory?: (partnershipId: string) => void
  /** Another dispute (one given the same reference on a colleague's device). */
  onOpenDispute?: (disputeId: string) => void
}

/** One dispute: where it stands, what is due and owed, what blocks the next step, and its timeline. */
export function DisputePage({ session, disputeId, logRequested, focusRecord, onBack, onOpenDirectory, onOpenDispute }: Props) {
  const queryClient = useQueryClient()
  const disputeQuery = useChannel('disputes.get', { disputeId })
  const view = disputeQuery.data ?? null
  const error = disputeQuery.error?.message ?? null
  /** A change's answer is the dispute as it now stands: shown at once, as a refetch would show it. */
  const setView = useCallback((next: DisputeView) => queryClient.setQueryData(channelKey('disputes.get', { disputeId }), next), [queryClient, disputeId])
  const [panel, setPanel] = useState<Panel>({ kind: 'none' })
  const people = useChannel('people.list', {}).data ?? NO_PEOPLE
  const inTeam = useChannel('team.status', {}).data?.member ?? false
  const [message, setMessage] = useState<string | null>(null)
  /**
   * Where focus goes once the result of an action is on screen (the confirmation, the new record), so a
   * keyboard or screen-reader user lands on it rather than on the page body. Cleared once focused.
   */
  const [focusTarget, setFocusTarget] = useState<string | null>(null)
  const policies = usePolicies()

  const { refetch } = disputeQuery
  const reload = useCallback(async () => {
    await refetch()
  }, [refetch])

  useEffect(() => {
    if (logRequested > 0) setPanel({ kind: 'log' })
  }, [logRequested])

  useEffect(() => {
    if (focusRecord) setFocusTarget(`record-card-${focusRecord}`)
  }, [focusRecord])

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
  // Moves made on two devices at once: no move is offered until someone keeps one (the main process refuses them too).
  const awaitingReview = (view.team?.needsReview.length ?? 0) > 1
  const timeline = buildTimeline(view, policy)
  const words = positionWordsOf(policy)
  // The policy's final stage holds its meeting (stage 4 in every built-in policy): reachable once the dispute has been there.
  const meetingStage = policy?.stages.at(-1)?.number
  const atMeetingStage = meetingStage !== undefined && dispute.status !== 'withdrawn' && dispute.stageHistory.some((v) => v.route === 'stages' && v.stage === meetingStage)
  const meetingName = meetingStage !== undefined ? positionName(words, meetingStage) : ''
  const meetingInSentence = meetingStage !== undefined ? positionNameInSentence(words, meetingStage) : ''
  const meetingVersions = view.meetingVersions.length > 1
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
      <TeamNotesPanel view={view} onOpenDispute={onOpenDispute} onDecided={(note) => { setMessage(note); setFocusTarget('dispute-message'); void reload() }} />
      {meetingVersions && (
        <div className="notice warning" role="note" aria-label="The meeting">
          <strong>The {meetingInSentence} meeting was changed on two devices at once.</strong> Both versions are kept, and its decision cannot be signed off
          until someone keeps one.{' '}
          <button type="button" className="link" onClick={() => setFocusTarget('meeting-versions')}>Go to the meeting’s versions</button>
        </div>
      )}
      {status?.urgentGuidance && <div className="notice danger">{status.urgentGuidance}</div>}

      <dl className="summary-list">
        <dt>Status</dt>
        <dd>
          {dispute.status === 'open' ? status?.position : dispute.status === 'resolved' ? `Resolved on ${formatInstant(dispute.closedAt ?? '')}` : `Withdrawn on ${formatInstant(dispute.closedAt ?? '')}`}{' '}
          {open && <DueBadge due={status?.nextDeadline ?? null} />}
        </dd>
        {open && status?.countdown && (
          <>
            <dt>Time left</dt>
            <dd id="countdown">
              <Countdown due={status.countdown} onPassed={() => void reload()} />
              <span className="small muted"><br />{status.countdown.label}</span>
            </dd>
          </>
        )}
        {(dispute.previousReferences ?? []).length > 0 && (
          <>
            <dt>Previous reference</dt>
            <dd>
              {(dispute.previousReferences ?? []).map((p) => (
                <div key={p.reference}>
                  {p.reference}, until {formatInstant(p.until)}, changed by {p.by}: {p.why}
                </div>
              ))}
            </dd>
          </>
        )}
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
            {awaitingReview && (
              <p className="small" id="moves-paused">
                Escalating, resolving and withdrawing wait until someone decides which of the two moves stands.{' '}
                <button type="button" className="link" onClick={() => setFocusTarget('team-review')}>Go to the moves</button>
              </p>
            )}
            {!awaitingReview && status.nextStage && <button type="button" className="button secondary" onClick={() => openPanel({ kind: 'escalate' })}>Escalate to {positionNameInSentence(words, status.nextStage.number)}</button>}
            {!awaitingReview && status.routeMoves.handOver && (
              <button type="button" className="button secondary" disabled={!status.routeMoves.canHandOver} onClick={() => openPanel({ kind: 'handOver' })}>
                Not resolved: hand over to {status.routeMoves.handOver.name}
              </button>
            )}
            {!awaitingReview && <button type="button" className="button secondary" onClick={() => openPanel({ kind: 'resolve' })}>Resolve</button>}
            {!awaitingReview && status.routeMoves.enter && (
              <button type="button" className="button warning" onClick={() => openPanel({ kind: 'takeRoute' })}>Risk has risen: use {status.routeMoves.enter.title}</button>
            )}
            {status.available.map((o) => (
              <button key={o.kind + o.id} type="button" className="button secondary" onClick={() => openPanel({ kind: 'request', option: o })}>
                Request {o.title.charAt(0).toLowerCase() + o.title.slice(1)}
              </button>
            ))}
            {!awaitingReview && <button type="button" className="button secondary" onClick={() => openPanel({ kind: 'withdraw' })}>Withdraw</button>}
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
      {panel.kind === 'takeRoute' && <TakeRouteForm view={view} onDone={(v) => done(v, `The dispute is now on the ${v.status?.position ?? 'emergency route'}.${v.status?.countdown ? ` ${v.status.countdown.label}: by ${v.status.countdown.display}.` : ''}`)} onCancel={() => setPanel({ kind: 'none' })} />}
      {panel.kind === 'handOver' && <HandOverForm view={view} onDone={(v) => done(v, `Handed over: the dispute is now at ${v.status?.position ?? 'the next stage'}.`)} onCancel={() => setPanel({ kind: 'none' })} />}
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

      {(atMeetingStage || meetingVersions) && meetingStage !== undefined && (
        <section aria-labelledby="meeting-link-title">
          <h2 id="meeting-link-title">{meetingName} meeting</h2>
          <TeamMeetingVersions
            id="meeting-versions"
            level={3}
            disputeId={dispute.id}
            versions={view.meetingVersions}
            stageName={meetingInSentence}
            onPicked={(note) => { setMessage(note); setFocusTarget('dispute-message'); void reload() }}
          />
          <p>Arrange the meeting, prepare each agency’s position, record its decision and sign it off.</p>
          <button id="open-meeting" type="button" className="button secondary" onClick={() => openPanel({ kind: 'meeting' })}>
            Open the stage {meetingStage} meeting
          </button>
        </section>
      )}

      <ExportPanel view={view} />

      <StageExports view={view} words={words} />

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
                canAttach={open}
                teamNotes={view.team?.records.find((n) => n.recordId === item.record.id)}
                inTeam={inTeam}
                takenOver={view.takenOverByMe.includes(item.record.id)}
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
