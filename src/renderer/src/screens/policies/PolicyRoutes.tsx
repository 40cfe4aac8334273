/** A policy's routes other than its stages, read aloud: the emergency route, routes beyond the stages, options at any stage. */
import type { Policy } from '../../../../shared/policy'
import { stageName, stageWordOf } from '../../../../shared/policy-words'
import { ContactLine, MustRecord, Rich, Steps, TimescaleText, capitalise, conditionWords, contactsOf, plural } from './words'

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

/** Routes beyond (or instead of) the last stage: a Chair's decision, a resolution panel. */
export function ExceptionalRoutes({ policy }: { policy: Policy }) {
  const contact = contactsOf(policy)
  if (policy.exceptionalRoutes.length === 0) return null
  return (
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
  )
}

/** What can be asked for at any stage, such as a case meeting. */
export function AnyStageOptions({ policy }: { policy: Policy }) {
  const contact = contactsOf(policy)
  if (policy.anyStageOptions.length === 0) return null
  return (
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
  )
}
