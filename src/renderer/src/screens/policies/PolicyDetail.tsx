/** One policy's rules read aloud: stages, timescales, notifications, forms, routes and contacts. */
import { Fragment } from 'react'
import type { Policy } from '../../../../shared/policy'
import { stageName, stageNameInSentence, stageWordOf } from '../../../../shared/policy-words'
import { AVAILABILITY_WORDS, ContactLine, FIELD_KIND_WORDS, MustRecord, Rich, Steps, TimescaleText, capitalise, conditionWords, contactsOf, plural } from './words'

export function PolicyDetail({ policy }: { policy: Policy }) {
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
        {policy.groupTimescales.map((g) => (
          <Fragment key={g.id}>
            <dt>{g.title ?? `${stageName(policy, g.fromStage)} to ${stageNameInSentence(policy, g.toStage)}`}</dt>
            <dd>
              <TimescaleText t={g.timescale} steps={[]} startOf={`the start of ${stageNameInSentence(policy, g.fromStage)}`} />{' '}
              <span className="muted">(shared by {stageNameInSentence(policy, g.fromStage)} to {stageNameInSentence(policy, g.toStage)})</span>
            </dd>
          </Fragment>
        ))}
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

      <h3>{stageWordOf(policy)}s</h3>
      {policy.stages.map((stage) => (
        <section key={stage.number} className="card policy-stage" aria-labelledby={`${policy.id}-stage-${stage.number}`}>
          <h4 id={`${policy.id}-stage-${stage.number}`}>
            {stageName(policy, stage.number)}: {stage.title}
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

export function EmergencyRouteDetail({ policy }: { policy: Policy }) {
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
      {route.handsOverTo && (
        <p>
          <strong>Hands over to:</strong> {stageName(policy, route.handsOverTo.stage)} ({policy.stages[route.handsOverTo.stage - 1]?.title}), or
          back to the {stageWordOf(policy).toLowerCase()} a dispute had reached if that is later. It can be taken from any {stageWordOf(policy).toLowerCase()} when the risk rises.
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
