import { Fragment, useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { CalendarView } from '../../../shared/ipc'
import {
  type Condition,
  type Contact,
  type FormFieldKind,
  type Policy,
  POLICY_FILE_LIMITS,
  type PolicySummary,
  type Step,
  type Timescale,
} from '../../../shared/policy'
import type { AppErrorShape } from '../../../shared/errors'
import { amountInWords, describeCondition } from '../../../shared/policy-words'
import { call } from '../api'
import { DateInput, dateProblems } from '../components/DateInput'
import { ErrorSummary, Spinner, TextArea, TextField, fieldError, type FieldErrors } from '../components/forms'
import { formatCivilDate, formatInstant } from '../format'
import { forgetPolicies } from '../policies'

// ── the policy's rules in words ─────────────────────────────────────────────────────────────────
// The main process interprets these rules; this screen only reads them aloud, so that another
// partnership's imported policy displays just as the bundled ones do.

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

const conditionWords = (c: Condition, policy: Policy): string => describeCondition(c, policy)
const amountWords = (t: Timescale): string => amountInWords(t)

/** "2 working days from the start of the stage"; `startOf` names what a stageStart is here. */
function timescaleWords(t: Timescale, steps: readonly Step[], startOf: string): string {
  const from = t.from
  let anchor: string
  if (from.event === 'disagreement') anchor = from.label ?? 'the day the disagreement arose'
  else if (from.event === 'stageStart') anchor = from.label ?? startOf
  else {
    const step = steps.find((s) => s.id === from.step)
    anchor = from.label ?? (step ? `the deadline for “${step.title}”` : 'the previous step')
  }
  return `${amountWords(t)} from ${anchor}`
}

/** The policy's own wording first; how the app counts it beside it. */
function TimescaleText({ t, steps, startOf }: { t: Timescale; steps: readonly Step[]; startOf: string }) {
  const counted = timescaleWords(t, steps, startOf)
  if (!t.wording) return <>{capitalise(counted)}</>
  return (
    <>
      {capitalise(t.wording)} <span className="muted">(counted as {counted})</span>
    </>
  )
}

/** Policy text marks emphasis as **words**: show it as bold, never as asterisks. */
function Rich({ text }: { text: string }) {
  const parts = text.split(/\*\*(.+?)\*\*/g)
  return <>{parts.map((p, i) => (i % 2 === 1 ? <strong key={i}>{p}</strong> : <Fragment key={i}>{p}</Fragment>))}</>
}

const FIELD_KIND_WORDS: Record<FormFieldKind, string> = {
  text: 'text',
  longText: 'a longer answer',
  date: 'a date',
  email: 'an email address',
  phone: 'a phone number',
  number: 'a number',
  nhsNumber: 'an NHS number',
  yesNo: 'yes or no',
  choice: 'one choice from a list',
  tickList: 'ticks from a list',
}

const AVAILABILITY_WORDS: Record<NonNullable<Contact['availability']>, string> = {
  officeHours: 'Office hours',
  outOfHours: 'Out of hours',
  always: 'At any time',
}

function contactsOf(policy: Policy) {
  return (id: string): Contact | undefined => policy.contacts.find((c) => c.id === id)
}

function ContactLine({ contact, id }: { contact: Contact | undefined; id: string }) {
  if (!contact) return <>{id}</>
  return (
    <>
      <strong>{contact.name}</strong>
      {contact.organisation ? `, ${contact.organisation}` : ''}
      {contact.phone && <> — <span className="nowrap">{contact.phone}</span></>}
      {contact.email && <> — {contact.email}</>}
      {contact.availability && <span className="muted"> ({AVAILABILITY_WORDS[contact.availability].toLowerCase()})</span>}
    </>
  )
}

function Steps({ steps, startOf }: { steps: readonly Step[]; startOf: string }) {
  if (steps.length === 0) return null
  return (
    <>
      <p className="label">Steps</p>
      <ol className="policy-steps">
        {steps.map((s) => (
          <li key={s.id}>
            <strong>{s.title}</strong>
            {s.onlyIf && <span className="muted"> — only {s.onlyIf.replace(/^(If|Where|When)\b/, (w) => w.toLowerCase())}</span>}
            {s.by && <div className="small">By: {s.by}</div>}
            {s.timescale && (
              <div className="small">
                When: <TimescaleText t={s.timescale} steps={steps} startOf={startOf} />
              </div>
            )}
            {s.description && <div className="small"><Rich text={s.description} /></div>}
          </li>
        ))}
      </ol>
    </>
  )
}

// ── one policy ───────────────────────────────────────────────────────────────────────────────────

function PolicyDetail({ policy }: { policy: Policy }) {
  const contact = contactsOf(policy)
  const form = (id: string) => policy.forms.find((f) => f.id === id)
  return (
    <div className="policy-detail">
      <dl className="summary-list">
        <dt>Version</dt>
        <dd>{policy.version}</dd>
        <dt>Published in</dt>
        <dd>
          <ul className="plain">
            {policy.sourceDocuments.map((d) => (
              <li key={d.id}>
                {d.title}
                {d.publisher ? `, ${d.publisher}` : ''}
                {d.reference && <span className="muted small break"> ({d.reference})</span>}
              </li>
            ))}
          </ul>
        </dd>
        {policy.overallTimescale && (
          <>
            <dt>Overall timescale</dt>
            <dd>
              <TimescaleText t={policy.overallTimescale} steps={[]} startOf="the start of the dispute" />
            </dd>
          </>
        )}
        {policy.levelsOfNeed.length > 0 && (
          <>
            <dt>Levels of need</dt>
            <dd>{policy.levelsOfNeed.map((l) => l.label).join(', ')}</dd>
          </>
        )}
        {policy.reasonsForEscalation.length > 0 && (
          <>
            <dt>Reasons for escalation</dt>
            <dd>
              <ul className="plain">
                {policy.reasonsForEscalation.map((r) => (
                  <li key={r.id}>{r.label}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>

      {policy.immediateDanger && (
        <div className="notice danger">
          <h3 className="notice-heading">If a child is in immediate danger</h3>
          <p>
            <Rich text={policy.immediateDanger.instruction} />
          </p>
          {policy.immediateDanger.contacts.length > 0 && (
            <ul className="plain">
              {policy.immediateDanger.contacts.map((id) => (
                <li key={id}>
                  <ContactLine contact={contact(id)} id={id} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <h3>Stages</h3>
      {policy.stages.map((stage) => (
        <section key={stage.number} className="card policy-stage" aria-labelledby={`${policy.id}-stage-${stage.number}`}>
          <h4 id={`${policy.id}-stage-${stage.number}`}>
            Stage {stage.number}: {stage.title}
          </h4>
          <dl className="summary-list">
            <dt>Who</dt>
            <dd>{stage.parties}</dd>
            <dt>Timescale</dt>
            <dd>
              {stage.timescale ? <TimescaleText t={stage.timescale} steps={stage.steps} startOf="the start of the stage" /> : 'The policy sets no timescale for this stage.'}
              {stage.cumulativeWorkingDays && <div className="small muted">{plural(stage.cumulativeWorkingDays, 'working day', 'working days')} in all by the end of this stage.</div>}
            </dd>
          </dl>
          {stage.description && (
            <p>
              <Rich text={stage.description} />
            </p>
          )}
          {stage.entryChecks.length > 0 && (
            <>
              <p className="label">Before a dispute enters this stage, confirm</p>
              <ul>
                {stage.entryChecks.map((c) => (
                  <li key={c.id}>{c.question}</li>
                ))}
              </ul>
            </>
          )}
          <Steps steps={stage.steps} startOf="the start of the stage" />
          <MustRecord items={stage.mustRecord} />
        </section>
      ))}

      {policy.laterStart && (
        <>
          <h3>Starting at a later stage</h3>
          <p>
            Allowed {conditionWords(policy.laterStart.allowedWhen, policy)}. {policy.laterStart.guidance}
          </p>
        </>
      )}

      {policy.notifications.length > 0 && (
        <>
          <h3>Who must be told</h3>
          <div className="table-scroll">
            <table className="compact-table">
              <caption className="visually-hidden">Who must be told under the {policy.partnership} policy, and when</caption>
              <thead>
                <tr>
                  <th scope="col">Who</th>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">How</th>
                </tr>
              </thead>
              <tbody>
                {policy.notifications.map((n) => (
                  <tr key={n.id}>
                    <th scope="row">
                      <ContactLine contact={contact(n.recipient)} id={n.recipient} />
                    </th>
                    <td>
                      {capitalise(conditionWords(n.when, policy))}
                      {n.repeat === 'eachStage' ? ', at each stage' : ''}
                    </td>
                    <td>
                      {n.what}
                      {n.form && form(n.form) ? <span className="muted"> (the form “{form(n.form)!.title}”)</span> : null}
                      {n.by && <div className="small">Sent by: {n.by}</div>}
                    </td>
                    <td>{n.how ?? 'Not stated'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {policy.emergencyRoute && <EmergencyRouteDetail policy={policy} />}

      {policy.exceptionalRoutes.length > 0 && (
        <>
          <h3>Beyond the stages</h3>
          {policy.exceptionalRoutes.map((r) => (
            <section key={r.id} className="card" aria-labelledby={`${policy.id}-route-${r.id}`}>
              <h4 id={`${policy.id}-route-${r.id}`}>{r.title}</h4>
              <p>
                <Rich text={r.description} />
              </p>
              <dl className="summary-list">
                <dt>Available</dt>
                <dd>{capitalise(conditionWords(r.availableWhen, policy))}</dd>
                <dt>Decided by</dt>
                <dd>{r.decisionMaker}</dd>
                <dt>Decision binding</dt>
                <dd>{r.binding ? 'Yes: the decision is binding' : 'No'}</dd>
                {r.panel && (
                  <>
                    <dt>Panel</dt>
                    <dd>
                      {r.panel.title}: {plural(r.panel.members, 'member', 'members')} drawn from {r.panel.drawnFrom.charAt(0).toLowerCase() + r.panel.drawnFrom.slice(1)}
                      {r.panel.mustInclude ? `, including ${r.panel.mustInclude.charAt(0).toLowerCase() + r.panel.mustInclude.slice(1)}` : ''}.
                    </dd>
                  </>
                )}
                {r.contacts.length > 0 && (
                  <>
                    <dt>Contact</dt>
                    <dd>
                      <ul className="plain">
                        {r.contacts.map((id) => (
                          <li key={id}>
                            <ContactLine contact={contact(id)} id={id} />
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
              </dl>
              <Steps steps={r.steps} startOf="the request" />
            </section>
          ))}
        </>
      )}

      {policy.anyStageOptions.length > 0 && (
        <>
          <h3>At any stage</h3>
          {policy.anyStageOptions.map((o) => (
            <section key={o.id} className="card" aria-labelledby={`${policy.id}-option-${o.id}`}>
              <h4 id={`${policy.id}-option-${o.id}`}>{o.title}</h4>
              <p>
                <Rich text={o.description} />
              </p>
              <dl className="summary-list">
                <dt>Available</dt>
                <dd>{capitalise(conditionWords(o.availableWhen, policy))}</dd>
                {o.requestedBy && (
                  <>
                    <dt>Asked for by</dt>
                    <dd>{o.requestedBy}</dd>
                  </>
                )}
                {o.contact && (
                  <>
                    <dt>Contact</dt>
                    <dd>
                      <ContactLine contact={contact(o.contact)} id={o.contact} />
                    </dd>
                  </>
                )}
              </dl>
              <Steps steps={o.steps} startOf="the request" />
            </section>
          ))}
        </>
      )}

      {policy.forms.length > 0 && (
        <>
          <h3>Forms</h3>
          {policy.forms.map((f) => (
            <details key={f.id} className="policy-form">
              <summary>
                {f.title}
                {f.subtitle ? ` — ${f.subtitle}` : ''}
                {f.colour ? ` (${f.colour.toLowerCase()} form)` : ''}
                {policy.outcomeForm === f.id ? ', completed when the dispute is resolved' : ''}
              </summary>
              {f.note && <p className="small">{f.note}</p>}
              <ul>
                {f.fields.map((field) => (
                  <li key={field.id}>
                    {field.label} <span className="muted small">— {FIELD_KIND_WORDS[field.kind]}, {field.required ? 'required' : 'optional'}</span>
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </>
      )}

      {policy.recordKeeping.length > 0 && (
        <>
          <h3>Keeping records</h3>
          <ul>
            {policy.recordKeeping.map((r, i) => (
              <li key={i}>
                {r.what}
                {r.where && <span className="muted"> — {r.where}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      {policy.guidance.length > 0 && (
        <>
          <h3>Guidance</h3>
          <dl className="guidance">
            {policy.guidance.map((g) => (
              <Fragment key={g.id}>
                <dt>{g.title}</dt>
                <dd>
                  <Rich text={g.text} />
                </dd>
              </Fragment>
            ))}
          </dl>
        </>
      )}

      {policy.contacts.length > 0 && (
        <>
          <h3>Contacts</h3>
          <div className="table-scroll">
            <table className="compact-table">
              <caption className="visually-hidden">Contacts named in the {policy.partnership} policy</caption>
              <thead>
                <tr>
                  <th scope="col">Who</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Email</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {policy.contacts.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <strong>{c.name}</strong>
                      {c.organisation && <div className="small muted">{c.organisation}</div>}
                      {c.notes && <div className="small">{c.notes}</div>}
                      {c.caution && (
                        <div className="notice warning caution small">
                          <strong>Check before you rely on this:</strong> {c.caution}
                        </div>
                      )}
                    </th>
                    <td className="nowrap">{c.phone}</td>
                    <td className="nowrap">{c.email}</td>
                    <td>{c.availability ? AVAILABILITY_WORDS[c.availability] : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  )
}

function EmergencyRouteDetail({ policy }: { policy: Policy }) {
  const route = policy.emergencyRoute!
  const contact = contactsOf(policy)
  const ladder = route.callLadder
  return (
    <>
      <h3>Emergency route: {route.title}</h3>
      <p>
        <strong>When:</strong> <Rich text={route.trigger} />
      </p>
      <dl className="summary-list">
        {route.harmWithinHours && (
          <>
            <dt>Harm expected within</dt>
            <dd>{plural(route.harmWithinHours, 'hour', 'hours')}</dd>
          </>
        )}
        <dt>Timescale</dt>
        <dd>
          <TimescaleText t={route.timescale} steps={route.steps} startOf="the start of the route" />
        </dd>
      </dl>
      <Steps steps={route.steps} startOf="the start of the route" />
      {ladder && (
        <div className="card">
          <p className="label">Phone ladder: {ladder.appliesWhen.charAt(0).toLowerCase() + ladder.appliesWhen.slice(1)}</p>
          <p className="small">Call each in turn until someone is available.</p>
          <ol className="phone-ladder">
            {ladder.rungs.map((id) => (
              <li key={id}>
                <ContactLine contact={contact(id)} id={id} />
              </li>
            ))}
          </ol>
          {ladder.messageToLeave && (
            <p>
              <strong>If nobody is available, leave this message:</strong> “{ladder.messageToLeave}”
            </p>
          )}
          {ladder.outOfHours && (
            <p>
              <strong>Outside office hours:</strong> <ContactLine contact={contact(ladder.outOfHours.contact)} id={ladder.outOfHours.contact} />. {ladder.outOfHours.instruction}
            </p>
          )}
        </div>
      )}
      <MustRecord items={route.mustRecord} />
      {route.ifUnresolved && (
        <p>
          <strong>If it is not resolved:</strong> <Rich text={route.ifUnresolved} />
        </p>
      )}
    </>
  )
}

// ── the list of policies, as an accordion ─────────────────────────────────────────────────────────

/**
 * Retiring a policy the DSL's setting no longer works under, and bringing it back. The main process
 * refuses new disputes under a retired policy; this only asks and shows the answer.
 */
function Retirement({ summary, onChanged }: { summary: PolicySummary; onChanged: (message: string) => Promise<void> }) {
  const [asking, setAsking] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const retired = summary.retired ?? null
  const reasonId = `retire-reason-${summary.id}`

  const change = async (retire: boolean) => {
    if (busy) return
    setBusy(true)
    const r = await call('policies.setRetired', { policyId: summary.id, retired: retire, ...(retire && reason.trim() ? { reason: reason.trim() } : {}) })
    setBusy(false)
    if (!r.ok) return setError(r.error.message)
    setError(null)
    setAsking(false)
    setReason('')
    await onChanged(
      retire
        ? `${summary.partnership}’s policy is retired. No new dispute can be opened under it; disputes already opened under it keep their version.`
        : `${summary.partnership}’s policy is back in use: new disputes can be opened under it.`,
    )
  }

  return (
    <div className="policy-retirement">
      {error && <div className="notice danger" role="alert">{error}</div>}
      {retired ? (
        <div className="notice warning">
          <p>
            <strong>Retired on {formatInstant(retired.at)}{retired.by ? ` by ${retired.by}` : ''}.</strong>
            {retired.reason && <> Reason: {retired.reason}</>}
          </p>
          <p>No new dispute can be opened under this policy. Disputes already opened under it keep the version they were opened under.</p>
          <button type="button" className="button secondary" disabled={busy} onClick={() => void change(false)}>
            Bring back into use
          </button>
        </div>
      ) : asking ? (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault()
            void change(true)
          }}
        >
          <h3>Retire {summary.partnership}’s policy</h3>
          <p>No new dispute can be opened under it while it is retired. Disputes already opened under it keep their version and deadlines. You can bring it back into use at any time.</p>
          <TextArea id={reasonId} label="Why is it retired? (optional)" hint="For example: we no longer work with this partnership" value={reason} onChange={setReason} rows={2} />
          <div className="button-group">
            <button type="submit" className="button warning" disabled={busy}>Retire policy</button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)}>Cancel</button>
          </div>
        </form>
      ) : (
        <button type="button" className="button secondary" onClick={() => setAsking(true)}>
          Retire this policy
        </button>
      )}
    </div>
  )
}

function PolicySection({ policy, summary, open, onToggle, onChanged }: { policy: Policy; summary: PolicySummary; open: boolean; onToggle: () => void; onChanged: (message: string) => Promise<void> }) {
  const contentId = useId()
  return (
    <section className="accordion-section">
      <h2 className="accordion-heading">
        <button type="button" aria-expanded={open} aria-controls={contentId} onClick={onToggle}>
          <span className="accordion-title">{policy.partnership}</span>
          <span className="accordion-summary">
            {policy.title} · version {summary.version} · {plural(summary.stageCount, 'stage', 'stages')}
            {summary.hasEmergencyRoute ? ' and an emergency route' : ''}
            {summary.retired ? ' · retired' : ''}
          </span>
          <span className="accordion-state">{open ? 'Hide' : 'Show'}</span>
        </button>
      </h2>
      <div id={contentId} hidden={!open} className="accordion-content">
        {open && (
          <>
            <Retirement summary={summary} onChanged={onChanged} />
            <PolicyDetail policy={policy} />
          </>
        )}
      </div>
    </section>
  )
}

interface Loaded {
  policies: Policy[]
  current: PolicySummary[]
}

/** The partnerships' policies as installed, importing another, and the working-day calendar. */
export function Policies() {
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [open, setOpen] = useState<Set<string>>(new Set())
  const [changed, setChanged] = useState<string | null>(null)

  const refresh = useCallback(async () => {
    const r = await call('policies.list', {})
    if (r.ok) {
      setLoaded(r.value)
      setLoadError(null)
    } else setLoadError(r.error.message)
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  const sections = (loaded?.current ?? [])
    .map((summary) => ({ summary, policy: loaded!.policies.find((p) => p.id === summary.id && p.version === summary.version) }))
    .filter((s): s is { summary: PolicySummary; policy: Policy } => s.policy !== undefined)
    .sort((a, b) => a.policy.partnership.localeCompare(b.policy.partnership, 'en-GB'))
  const allOpen = sections.length > 0 && sections.every((s) => open.has(s.summary.key))

  return (
    <>
      <h1>Policies</h1>
      <p className="lead">
        The escalation policies of the partnerships installed in this app: their stages, timescales and who must be told. Deadlines
        are worked out from these rules in working days, leaving out weekends, bank holidays and your closure days.
      </p>
      {loadError && <div className="notice danger" role="alert">{loadError}</div>}
      {!loaded && !loadError && <Spinner label="Loading policies…" />}
      {loaded && (
        <>
          <p className="small muted">
            {plural(sections.length, 'partnership', 'partnerships')}. A dispute keeps the version of the policy it was opened under.
          </p>
          {changed && <div className="notice success" role="status">{changed}</div>}
          <div className="accordion">
            <div className="accordion-controls">
              <button type="button" className="link" aria-expanded={allOpen} onClick={() => setOpen(allOpen ? new Set() : new Set(sections.map((s) => s.summary.key)))}>
                {allOpen ? 'Hide all policies' : 'Show all policies'}
              </button>
            </div>
            {sections.map(({ summary, policy }) => (
              <PolicySection
                key={summary.key}
                policy={policy}
                summary={summary}
                open={open.has(summary.key)}
                onChanged={async (message) => {
                  forgetPolicies()
                  await refresh()
                  setChanged(message)
                }}
                onToggle={() =>
                  setOpen((prev) => {
                    const next = new Set(prev)
                    if (next.has(summary.key)) next.delete(summary.key)
                    else next.add(summary.key)
                    return next
                  })
                }
              />
            ))}
          </div>
        </>
      )}
      <ImportPolicy
        onImported={async (summary) => {
          forgetPolicies()
          await refresh()
          setOpen((prev) => new Set(prev).add(summary.key))
        }}
      />
      <BankHolidays />
    </>
  )
}

// ── importing a policy ───────────────────────────────────────────────────────────────────────────

/** A refusal of an imported file as error-summary entries: the reason linked to the file input, then each problem. */
function fileErrors(error: AppErrorShape, inputId: string): FieldErrors {
  const lead = error.details && error.details.length > 0 ? error.message.replace(/\s*First: .*$/s, '') : error.message
  const out: FieldErrors = { [inputId]: lead }
  ;(error.details ?? []).forEach((d, i) => {
    out[`_problem-${i}`] = `${d.path}: ${d.message}`
  })
  return out
}

function FileField({ id, label, hint, error, inputRef, onPick }: { id: string; label: string; hint: string; error?: string; inputRef: React.Ref<HTMLInputElement>; onPick: (file: File | null) => void }) {
  const hintId = useId()
  const errorId = useId()
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={hintId}>{hint}</span>
      {error && (
        <span className="error-message" id={errorId}>
          <span className="visually-hidden">Error:</span> {error}
        </span>
      )}
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        ref={inputRef}
        className={`file-input${error ? ' input-error' : ''}`}
        aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onPick(e.target.files?.[0] ?? null)}
      />
    </div>
  )
}

/** The same words as the main process uses for a file over the limit. */
function tooLargeMessage(bytes: number): string {
  return `That file is ${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB: a policy file can be at most 2 MB. Check that you chose the policy file and not something else.`
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  // In slices: String.fromCharCode with a whole file's bytes as arguments would overflow the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function ImportPolicy({ onImported }: { onImported: (summary: PolicySummary) => Promise<void> }) {
  const [file, setFile] = useState<File | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const running = useRef(false)
  const input = useRef<HTMLInputElement>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (running.current) return
    setDone(null)
    if (!file) return setErrors({ 'policy-file': 'Choose the policy file to import' })
    running.current = true
    setBusy(true)
    try {
      // The bytes go to the main process as they are, which decodes them strictly; a file far over the
      // limit is not read into memory at all.
      if (file.size > POLICY_FILE_LIMITS.bytes * 2) return setErrors({ 'policy-file': tooLargeMessage(file.size) })
      const fileBase64 = toBase64(new Uint8Array(await file.arrayBuffer()))
      const r = await call('policies.import', { fileBase64 })
      if (!r.ok) return setErrors(fileErrors(r.error, 'policy-file'))
      setErrors({})
      const p = r.value.policy
      setDone(
        r.value.alreadyInstalled
          ? `Version ${p.version} of ${p.title} (${p.partnership}) is already installed. Nothing has changed.`
          : p.retired
            ? `Imported version ${p.version} of ${p.title} (${p.partnership}). The policy is retired: bring it back into use to open new disputes under it.`
            : `Imported version ${p.version} of ${p.title} (${p.partnership}). New disputes will use it; disputes already open keep the version they were opened under.`,
      )
      setFile(null)
      if (input.current) input.current.value = ''
      await onImported(p)
    } catch {
      setErrors({ 'policy-file': 'That file could not be read. Choose it again.' })
    } finally {
      running.current = false
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-busy={busy}>
      <h2>Import a policy</h2>
      <p>
        To use another partnership’s policy, or a newer version of one, import its policy file. The whole file is checked
        before anything is saved; a file with problems is refused with a list of them.
      </p>
      <ErrorSummary errors={errors} title="The policy was not imported" />
      {done && <div className="notice success" role="status">{done}</div>}
      <FileField id="policy-file" label="Policy file" hint="A .json file in the Escalation Log policy format" error={fieldError(errors, 'policy-file')} inputRef={input} onPick={setFile} />
      <div className="button-group">
        <button type="submit" className="button secondary" disabled={busy}>Import policy</button>
        {busy && <Spinner label="Checking the policy…" />}
      </div>
    </form>
  )
}

// ── the working-day calendar ─────────────────────────────────────────────────────────────────────

/** Today's date in England, 'YYYY-MM-DD'. */
function todayInEngland(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}

const inAYear = (date: string): string => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`

function BankHolidays() {
  const [calendar, setCalendar] = useState<CalendarView | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [file, setFile] = useState<File | null>(null)
  const [importErrors, setImportErrors] = useState<FieldErrors>({})
  const [importing, setImporting] = useState(false)
  const [imported, setImported] = useState<string | null>(null)
  const running = useRef(false)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    void call('calendar.get', {}).then((r) => (r.ok ? setCalendar(r.value) : setLoadError(r.error.message)))
  }, [])

  const today = todayInEngland()
  const yearAhead = inAYear(today)

  const importFile = async (e: FormEvent) => {
    e.preventDefault()
    if (running.current) return
    setImported(null)
    if (!file) return setImportErrors({ 'bank-holiday-file': 'Choose the bank-holidays file to import' })
    running.current = true
    setImporting(true)
    try {
      const r = await call('calendar.importBankHolidays', { json: await file.text() })
      if (!r.ok) return setImportErrors(fileErrors(r.error, 'bank-holiday-file'))
      setImportErrors({})
      setCalendar(r.value)
      setImported(
        `Bank holidays imported.${r.value.coverage ? ` The list now runs from ${formatCivilDate(r.value.coverage.from)} to ${formatCivilDate(r.value.coverage.to)}.` : ''}`,
      )
      setFile(null)
      if (input.current) input.current.value = ''
    } catch {
      setImportErrors({ 'bank-holiday-file': 'That file could not be read. Choose it again.' })
    } finally {
      running.current = false
      setImporting(false)
    }
  }

  const upcoming = (calendar?.bankHolidays ?? []).filter((h) => h.date >= today && h.date <= yearAhead).sort((a, b) => a.date.localeCompare(b.date))
  const coverage = calendar?.coverage ?? null

  return (
    <>
      <h2>Bank holidays and closure days</h2>
      {loadError && <div className="notice danger" role="alert">{loadError}</div>}
      {!calendar && !loadError && <Spinner label="Loading the calendar…" />}
      {calendar && (
        <>
          <dl className="summary-list">
            <dt>Bank holidays</dt>
            <dd>
              {calendar.bankHolidays.length} England and Wales bank holidays,{' '}
              {calendar.source === 'bundled' ? 'from the list that came with the app' : 'from a file you imported'}
            </dd>
            <dt>Covers</dt>
            <dd>{coverage ? `${formatCivilDate(coverage.from)} to ${formatCivilDate(coverage.to)}` : 'No dates'}</dd>
          </dl>
          {(!coverage || coverage.to < yearAhead) && (
            <div className="notice warning" role="status">
              <strong>Warning: the bank-holiday list {coverage ? `ends on ${formatCivilDate(coverage.to)}` : 'is empty'}.</strong> Deadlines
              after that date will count bank holidays as working days. Import the latest list from gov.uk below.
            </div>
          )}
          {upcoming.length > 0 && (
            <>
              <h3>Bank holidays in the next 12 months</h3>
              <table className="compact-table narrow-table">
                <caption className="visually-hidden">Bank holidays in the next 12 months</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Bank holiday</th>
                  </tr>
                </thead>
                <tbody>
                  {upcoming.map((h) => (
                    <tr key={h.date}>
                      <td className="nowrap">{formatCivilDate(h.date)}</td>
                      <td>{h.title}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <form onSubmit={importFile} noValidate aria-busy={importing}>
            <h3>Update the bank holidays</h3>
            <ErrorSummary errors={importErrors} title="The bank holidays were not imported" />
            {imported && <div className="notice success" role="status">{imported}</div>}
            <FileField
              id="bank-holiday-file"
              label="Bank-holidays file from gov.uk"
              hint="Save the file at www.gov.uk/bank-holidays.json, then choose it here. Only the England and Wales dates are used."
              error={fieldError(importErrors, 'bank-holiday-file')}
              inputRef={input}
              onPick={setFile}
            />
            <div className="button-group">
              <button type="submit" className="button secondary" disabled={importing}>Import bank holidays</button>
              {importing && <Spinner label="Importing bank holidays…" />}
            </div>
          </form>
          <Closures calendar={calendar} onChange={setCalendar} />
        </>
      )}
    </>
  )
}

function Closures({ calendar, onChange }: { calendar: CalendarView; onChange: (c: CalendarView) => void }) {
  const [date, setDate] = useState('')
  const [label, setLabel] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [message, setMessage] = useState<ReactNode>(null)
  const [busy, setBusy] = useState(false)
  // The date boxes keep what was typed; a new key empties them once a closure day is added.
  const [added, setAdded] = useState(0)

  const add = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    setMessage(null)
    const problems: FieldErrors = {}
    if (!date) problems['closure-date'] = 'Enter the date of the closure day, with its day, month and year'
    else Object.assign(problems, dateProblems([{ id: 'closure-date', value: date, what: 'The date of the closure day', happened: false, required: true }]))
    if (!label.trim()) problems['closure-label'] = 'Say what the closure is, for example Staff training day'
    if (Object.keys(problems).length > 0) return setErrors(problems)
    setBusy(true)
    const r = await call('calendar.addClosure', { date, label: label.trim() })
    setBusy(false)
    if (!r.ok) {
      const out: FieldErrors = {}
      const found = r.error.details?.length ? r.error.details : [{ path: r.error.field ?? '_form', message: r.error.message }]
      for (const d of found) out[d.path === 'date' || d.path === 'label' ? `closure-${d.path}` : `_${d.path}`] = d.message
      return setErrors(out)
    }
    setErrors({})
    onChange(r.value)
    setMessage(`${formatCivilDate(date)} (${label.trim()}) is now a closure day.`)
    setDate('')
    setLabel('')
    setAdded((n) => n + 1)
  }

  const remove = async (closure: { date: string; label: string }) => {
    setMessage(null)
    const r = await call('calendar.removeClosure', { date: closure.date })
    if (!r.ok) return setMessage(r.error.message)
    onChange(r.value)
    setMessage(`${formatCivilDate(closure.date)} (${closure.label}) is no longer a closure day.`)
  }

  return (
    <>
      <h3>Extra closure days</h3>
      <p>Days your setting is closed that are not bank holidays, such as staff training days. They do not count as working days.</p>
      {message && <div className="notice" role="status">{message}</div>}
      {calendar.extraClosures.length === 0 ? (
        <p className="muted">There are no extra closure days.</p>
      ) : (
        <table className="compact-table narrow-table">
          <caption className="visually-hidden">Extra closure days</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">What</th>
              <th scope="col"><span className="visually-hidden">Action</span></th>
            </tr>
          </thead>
          <tbody>
            {calendar.extraClosures.map((c) => (
              <tr key={c.date}>
                <td className="nowrap">{formatCivilDate(c.date)}</td>
                <td>{c.label}</td>
                <td>
                  <button type="button" className="link" onClick={() => void remove(c)}>
                    Remove<span className="visually-hidden"> the closure day on {formatCivilDate(c.date)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={add} noValidate aria-busy={busy}>
        <h4>Add a closure day</h4>
        <ErrorSummary errors={errors} />
        <DateInput key={added} id="closure-date" label="Date" hint="For example 23 7 2027" value={date} onChange={setDate} error={errors['closure-date']} />
        <TextField id="closure-label" label="What the closure is" hint="For example Staff training day" width="24em" value={label} onChange={setLabel} error={errors['closure-label']} />
        <button type="submit" className="button secondary" disabled={busy}>Add closure day</button>
      </form>
    </>
  )
}

/** What a stage or route says must be recorded, and where. */
function MustRecord({ items }: { items: readonly { what: string; where?: string | undefined }[] }) {
  if (items.length === 0) return null
  return (
    <>
      <p className="label">Must be recorded</p>
      <ul>
        {items.map((r, i) => (
          <li key={i}>
            {r.what}
            {r.where && <span className="muted"> — {r.where}</span>}
          </li>
        ))}
      </ul>
    </>
  )
}
