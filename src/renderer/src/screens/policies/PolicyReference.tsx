/** A policy's reference sections, read aloud: its forms, what to record, its guidance and its contacts. */
import { Fragment } from 'react'
import type { Policy } from '../../../../shared/policy'
import { AVAILABILITY_WORDS, FIELD_KIND_WORDS, Rich } from './words'

/** The partnership's forms, each with its fields in order. */
export function PolicyForms({ policy }: { policy: Policy }) {
  if (policy.forms.length === 0) return null
  return (
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
  )
}

/** What the policy says to record, at every stage. */
export function RecordKeeping({ policy }: { policy: Policy }) {
  if (policy.recordKeeping.length === 0) return null
  return (
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
  )
}

/** The policy's guidance, in its own words. */
export function PolicyGuidance({ policy }: { policy: Policy }) {
  if (policy.guidance.length === 0) return null
  return (
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
  )
}

/** Everyone the policy names, with how and when to reach them. */
export function PolicyContacts({ policy }: { policy: Policy }) {
  if (policy.contacts.length === 0) return null
  return (
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
  )
}
