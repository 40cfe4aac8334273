/**
 * One policy's rules read aloud: stages, timescales and who must be told here; its other routes in
 * ./PolicyRoutes.tsx; its forms, record keeping, guidance and contacts in ./PolicyReference.tsx.
 */
import { Fragment } from 'react'
import type { Policy } from '../../../../shared/policy'
import { stageName, stageNameInSentence, stageWordOf } from '../../../../shared/policy-words'
import { ContactLine, MustRecord, Rich, Steps, TimescaleText, capitalise, conditionWords, contactsOf, plural } from './words'
import { PolicyContacts, PolicyForms, PolicyGuidance, RecordKeeping } from './PolicyReference'
import { AnyStageOptions, EmergencyRouteDetail, ExceptionalRoutes } from './PolicyRoutes'

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
      <ExceptionalRoutes policy={policy} />
      <AnyStageOptions policy={policy} />
      <PolicyForms policy={policy} />
      <RecordKeeping policy={policy} />
      <PolicyGuidance policy={policy} />
      <PolicyContacts policy={policy} />
    </div>
  )
}
