import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { AppErrorShape } from '../../../shared/errors'
import { CONTACT_KIND_LABELS, DIRECTION_LABELS, LEGACY_SAID_LABEL, theySaidLabel } from '../../../shared/records'
import type { DraftView, RecordView } from '../../../shared/views'
import { CountersignaturesAsked } from './CountersignaturesAsked'
import { call } from '../api'
import { useChannel } from '../lib/queries'
import { Spinner } from '../components/forms'
import { formatCivilDate, formatInstant } from '../format'
import { type PositionWords, positionName } from '../../../shared/policy-words'

const keyOf = (d: Pick<DraftView, 'disputeId' | 'recordId'>): string => `${d.disputeId}/${d.recordId}`

interface Refusal {
  draft: DraftView
  error: AppErrorShape
}

interface Outcome {
  approved: DraftView[]
  refused: Refusal[]
}

type Progress = { done: number; total: number; current: DraftView } | null

/** A draft's content as loaded for reading here, or why it could not be. */
type Shown = { record: RecordView; words: PositionWords | null } | { error: string }

/** Drafts awaiting approval across every open dispute, approved one by one, each refusal with its reason. */
export function Approvals({ onOpenDispute, onOpenRecord }: { onOpenDispute: (disputeId: string) => void; onOpenRecord: (disputeId: string, recordId: string) => void }) {
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [progress, setProgress] = useState<Progress>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  /**
   * The drafts whose content has been shown in full on this screen. Approving is a signature on what a
   * record says, so only these can be ticked for approval together: nobody approves a record unread.
   */
  const [shown, setShown] = useState<Map<string, Shown>>(new Map())
  const [expanded, setExpanded] = useState<Set<string>>(new Set())
  const running = useRef(false)
  const selectAll = useRef<HTMLInputElement>(null)
  const outcomeHeading = useRef<HTMLHeadingElement>(null)

  const draftsQuery = useChannel('records.drafts', {})
  const loadError = draftsQuery.error?.message ?? null
  // A draft a colleague set aside cannot be approved: it is listed on its own, with who set it aside and why.
  const setAside = useMemo(() => (draftsQuery.data ?? []).filter((d) => d.setAside !== undefined), [draftsQuery.data])
  const drafts = useMemo(
    () => (draftsQuery.data ? [...draftsQuery.data].filter((d) => d.setAside === undefined).sort((a, b) => a.reference.localeCompare(b.reference, 'en-GB') || a.label.localeCompare(b.label, 'en-GB')) : null),
    [draftsQuery.data],
  )
  // Forget choices of drafts that are no longer waiting.
  useEffect(() => {
    if (!drafts) return
    const live = new Set(drafts.map(keyOf))
    setSelected((prev) => ([...prev].every((k) => live.has(k)) ? prev : new Set([...prev].filter((k) => live.has(k)))))
  }, [drafts])
  const { refetch } = draftsQuery
  const refresh = useCallback(async () => {
    await refetch()
  }, [refetch])

  const all = useMemo(() => drafts ?? [], [drafts])
  const readable = all.filter((d) => {
    const s = shown.get(keyOf(d))
    return s !== undefined && 'record' in s
  })
  const chosen = readable.filter((d) => selected.has(keyOf(d)))
  const everything = readable.length > 0 && chosen.length === readable.length

  /** Show or hide a draft in full; its content comes from its dispute, read afresh when first shown. */
  const expand = async (d: DraftView) => {
    const key = keyOf(d)
    if (expanded.has(key)) {
      setExpanded((prev) => {
        const next = new Set(prev)
        next.delete(key)
        return next
      })
      return
    }
    setExpanded((prev) => new Set(prev).add(key))
    if (shown.has(key)) return
    const r = await call('disputes.get', { disputeId: d.disputeId })
    const record = r.ok ? r.value.records.find((x) => x.id === d.recordId) : undefined
    const result: Shown = record
      ? { record, words: r.ok ? (r.value.status?.words ?? null) : null }
      : { error: r.ok ? 'This record is no longer a draft of this dispute. Open the dispute to see it.' : r.error.message }
    setShown((prev) => new Map(prev).set(key, result))
  }

  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = chosen.length > 0 && !everything
  }, [chosen.length, everything])

  useEffect(() => {
    if (outcome) outcomeHeading.current?.focus()
  }, [outcome])

  const toggle = (d: DraftView, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev)
      if (on) next.add(keyOf(d))
      else next.delete(keyOf(d))
      return next
    })

  const approve = async () => {
    if (running.current || chosen.length === 0) return
    running.current = true
    setOutcome(null)
    const result: Outcome = { approved: [], refused: [] }
    const queue = [...chosen]
    for (let i = 0; i < queue.length; i++) {
      const draft = queue[i]!
      setProgress({ done: i, total: queue.length, current: draft })
      const r = await call('records.approve', { disputeId: draft.disputeId, recordId: draft.recordId })
      if (r.ok) result.approved.push(draft)
      else result.refused.push({ draft, error: r.error })
    }
    setProgress(null)
    setSelected(new Set())
    await refresh()
    setOutcome(result)
    running.current = false
  }

  const busy = progress !== null
  return (
    <>
      <h1>Approvals</h1>
      <p className="lead">Contact records you have drafted and not yet approved, across all open disputes, and the countersignatures asked of you.</p>
      <CountersignaturesAsked onOpenRecord={onOpenRecord} />
      <p>
        When you approve a record, your name and the time are recorded and what it says is fixed: after that it can only be
        corrected with a dated addendum. Approve only records you have read and checked. A dispute cannot move to its next stage while it has
        records awaiting approval.
      </p>
      {loadError && <div className="notice danger" role="alert">{loadError}</div>}

      <div aria-live="polite">
        {progress && (
          <div className="card approval-progress">
            <label htmlFor="approval-progress">
              Approving {progress.done + 1} of {progress.total}: {progress.current.label} ({progress.current.reference})
            </label>
            <progress id="approval-progress" max={progress.total} value={progress.done} />
          </div>
        )}
      </div>

      {outcome && <OutcomeReport outcome={outcome} headingRef={outcomeHeading} onOpenDispute={onOpenDispute} />}

      {setAside.length > 0 && <SetAsideDrafts drafts={setAside} onOpenRecord={onOpenRecord} />}

      {!drafts && !loadError && <Spinner label="Loading records awaiting approval…" />}
      {drafts && drafts.length === 0 && (
        <div className="card">
          <p>There are no records awaiting approval.</p>
        </div>
      )}
      {drafts && drafts.length > 0 && (
        <>
          <table className="approvals-table">
            <caption className="visually-hidden">Records awaiting approval</caption>
            <thead>
              <tr>
                <th scope="col" className="select-cell">
                  <span className="checkbox-cell">
                    <input
                      type="checkbox"
                      id="approvals-select-all"
                      ref={selectAll}
                      checked={everything}
                      disabled={busy || readable.length === 0}
                      onChange={(e) => setSelected(e.target.checked ? new Set(readable.map(keyOf)) : new Set())}
                    />
                    <label htmlFor="approvals-select-all">Select all shown</label>
                  </span>
                </th>
                <th scope="col">Dispute</th>
                <th scope="col">Record</th>
                <th scope="col"><span className="visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) => {
                const key = keyOf(d)
                const id = `approve-${key.replace(/[^A-Za-z0-9-]/g, '-')}`
                const content = shown.get(key)
                const open = expanded.has(key)
                const canSelect = content !== undefined && 'record' in content
                return (
                  <Fragment key={key}>
                    <tr className={selected.has(key) ? 'is-selected' : undefined}>
                      <td className="select-cell">
                        <span className="checkbox-cell">
                          <input type="checkbox" id={id} checked={selected.has(key)} disabled={busy || !canSelect} aria-describedby={canSelect ? undefined : `${id}-why`} onChange={(e) => toggle(d, e.target.checked)} />
                          <label htmlFor={id}>
                            <span className="visually-hidden">
                              Select {d.label} ({d.reference})
                            </span>
                          </label>
                        </span>
                        {!canSelect && <span id={`${id}-why`} className="small muted">Show it to select it</span>}
                      </td>
                      <td className="nowrap">{d.reference}</td>
                      <td>{d.label}</td>
                      <td className="nowrap">
                        <button type="button" className="link" aria-expanded={open} aria-controls={open ? `${id}-content` : undefined} onClick={() => void expand(d)}>
                          {open ? 'Hide' : 'Show'} the record<span className="visually-hidden"> {d.label} ({d.reference})</span>
                        </button>
                        {' · '}
                        <button type="button" className="link" onClick={() => onOpenDispute(d.disputeId)}>
                          Open dispute<span className="visually-hidden"> {d.reference}</span>
                        </button>
                      </td>
                    </tr>
                    {open && (
                      <tr className="approval-content">
                        <td colSpan={4} id={`${id}-content`}>
                          {!content && <Spinner label="Opening the record…" />}
                          {content && 'error' in content && <div className="notice danger" role="alert">{content.error}</div>}
                          {content && 'record' in content && <RecordContent record={content.record} words={content.words} />}
                        </td>
                      </tr>
                    )}
                  </Fragment>
                )
              })}
            </tbody>
          </table>
          <div className="button-group">
            <button type="button" className="button" disabled={busy || chosen.length === 0} onClick={() => void approve()}>
              Approve selected{chosen.length > 0 ? ` (${chosen.length})` : ''}
            </button>
            <span className="small muted" aria-live="polite">
              {chosen.length === 0 ? 'Nothing selected.' : `${chosen.length} of ${all.length} selected.`}{' '}
              {readable.length < all.length ? `A record can be selected once it has been shown: ${readable.length} of ${all.length} shown.` : ''}
            </span>
            {busy && <Spinner label="Approving…" />}
          </div>
        </>
      )}
    </>
  )
}

/** The signed-in person's drafts that a colleague set aside: kept, not part of the record, never approved. */
function SetAsideDrafts({ drafts, onOpenRecord }: { drafts: DraftView[]; onOpenRecord: (disputeId: string, recordId: string) => void }) {
  return (
    <section aria-labelledby="set-aside-title" className="notice">
      <h2 id="set-aside-title" className="h3" style={{ marginTop: 0 }}>Your drafts a colleague set aside</h2>
      <p>These are kept on their dispute, but they are not part of the record and cannot be approved. The times are by each colleague’s device clock.</p>
      <ul>
        {drafts.map((d) => (
          <li key={keyOf(d)}>
            {d.label} ({d.reference}):{' '}
            {d.setAside ? (
              <>
                set aside by {d.setAside.byName} on {formatInstant(d.setAside.at)}. Their reason: “{d.setAside.reason}”
              </>
            ) : (
              'set aside by a colleague on their device.'
            )}{' '}
            <button type="button" className="link" onClick={() => onOpenRecord(d.disputeId, d.recordId)}>
              Open the record<span className="visually-hidden"> {d.label} ({d.reference})</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Everything a draft says, as it would be fixed by approving it. */
function RecordContent({ record, words }: { record: RecordView; words: PositionWords | null }) {
  const rows: [string, string][] = [
    ['Kind', `${CONTACT_KIND_LABELS[record.kind]} · ${DIRECTION_LABELS[record.direction]}`],
    // The policy's own word for a stage ("Step 2", "Level 2").
    [words?.stageWord ?? 'Stage', positionName(words, record.stage)],
    ['When', formatInstant(record.occurredAt)],
    ['Who', [record.contact.name, record.contact.role, record.contact.agency].filter(Boolean).join(', ')],
    ['Contact details', [record.contact.phone, record.contact.email].filter(Boolean).join(', ')],
    ['Number dialled', record.numberDialled ? `${record.numberDialled}${record.answered !== null ? (record.answered ? ' — answered' : ' — not answered') : ''}` : ''],
    ['Message left', record.messageLeft],
    [theySaidLabel(record.contact), record.theySaid],
    ['What we said', record.weSaid],
    [LEGACY_SAID_LABEL, record.whatWasSaid ?? ''],
    ['What was agreed', record.whatWasAgreed],
    ['Next step', record.nextStep ? `${record.nextStep}${record.nextStepBy ? ` — by ${formatCivilDate(record.nextStepBy)}` : ''}` : ''],
    ['Documents', record.attachments.map((a) => `${a.fileName}${a.heldAt ? ` (held at ${a.heldAt})` : ''}`).join('; ')],
  ]
  return (
    <dl className="summary-list small">
      {rows.filter(([, value]) => value !== '').map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd className="prose">{value}</dd>
        </Fragment>
      ))}
    </dl>
  )
}

function OutcomeReport({ outcome, headingRef, onOpenDispute }: { outcome: Outcome; headingRef: React.Ref<HTMLHeadingElement>; onOpenDispute: (disputeId: string) => void }) {
  const { approved, refused } = outcome
  const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`
  if (refused.length === 0) {
    return (
      <div className="notice success" role="status">
        <h2 ref={headingRef} tabIndex={-1} className="notice-heading">
          {records(approved.length)} approved
        </h2>
        <ul>
          {approved.map((d) => (
            <li key={keyOf(d)}>
              {d.label} ({d.reference})
            </li>
          ))}
        </ul>
      </div>
    )
  }
  return (
    <>
      <div className="notice danger" role="alert">
        <h2 ref={headingRef} tabIndex={-1} className="notice-heading">
          {records(refused.length)} could not be approved
          {approved.length > 0 ? `; ${records(approved.length)} approved` : ''}
        </h2>
        <ul className="refusals">
          {refused.map(({ draft, error }) => {
            const more = (error.details ?? []).map((d) => d.message).filter((m) => m !== error.message)
            return (
              <li key={keyOf(draft)}>
                <strong>
                  {draft.label} ({draft.reference}):
                </strong>{' '}
                {error.message}
                {more.length > 0 && (
                  <ul>
                    {more.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                )}
                <div>
                  <button type="button" className="link" onClick={() => onOpenDispute(draft.disputeId)}>
                    Open dispute<span className="visually-hidden"> {draft.reference} to complete this record</span>
                  </button>
                </div>
              </li>
            )
          })}
        </ul>
      </div>
      {approved.length > 0 && (
        <div className="notice success">
          <p className="notice-heading-text">
            <strong>{records(approved.length)} approved:</strong>
          </p>
          <ul>
            {approved.map((d) => (
              <li key={keyOf(d)}>
                {d.label} ({d.reference})
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  )
}
