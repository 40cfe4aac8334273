import { useState } from 'react'
import { useQueries } from '@tanstack/react-query'
import type { ChannelInput, ChannelOutput } from '../../../shared/ipc'
import { type ChildIdentifier, identifiersInWords } from '../../../shared/identifiers'
import type { DisputeView } from '../../../shared/views'
import { call } from '../api'
import { Checkbox } from '../components/forms'
import { useExportSaving } from '../components/ExportSaving'
import { channelKey, readChannel } from '../lib/queries'
import { positionNameInSentence } from '../../../shared/policy-words'

type DocumentKind = ChannelInput<'exports.document'>['document']
type Offer = ChannelOutput<'exports.noticeIdentifiers'> & { chosen: ChildIdentifier[] }
const noticeKey = (n: { notificationId: string; stage: number | null }) =>
  `${n.notificationId}-${n.stage ?? ''}`

/**
 * Exports of this dispute for the child's file, the partnership and a stage-4 meeting. The first export
 * asks the person to confirm they understand the file leaves the encrypted vault.
 */
export function ExportPanel({ view }: { view: DisputeView }) {
  const { busy, save, warning, status } = useExportSaving()
  const d = view.dispute
  const drafts = view.records.filter((r) => r.status === 'draft').length
  const owed = view.status?.notificationsOwed ?? []

  // What each notice owed can carry of the children, with the policy's default ticked until the person changes it.
  const answers = useQueries({
    queries: owed.map((n) => {
      const input = { disputeId: d.id, notificationId: n.notificationId, ...(n.stage !== null ? { stage: n.stage } : {}) }
      return { queryKey: channelKey('exports.noticeIdentifiers', input), queryFn: () => readChannel('exports.noticeIdentifiers', input) }
    }),
  })
  const [ticked, setTicked] = useState<Record<string, ChildIdentifier[]>>({})
  const offers: Record<string, Offer> = {}
  owed.forEach((n, i) => {
    const found = answers[i]?.data
    const key = noticeKey(n)
    if (found) offers[key] = { ...found, chosen: ticked[key] ?? found.choices.filter((c) => c.byDefault).map((c) => c.id) }
  })

  const choose = (key: string, id: ChildIdentifier, on: boolean) => {
    const o = offers[key]
    if (o) setTicked((all) => ({ ...all, [key]: on ? [...o.chosen, id] : o.chosen.filter((x) => x !== id) }))
  }
  const identifiersOf = (key: string) => (offers[key] ? { identifiers: offers[key].chosen } : {})

  const exportDoc = (
    document: DocumentKind,
    label: string,
    extra: Partial<ChannelInput<'exports.document'>> = {},
  ) => save(label, () => call('exports.document', { disputeId: d.id, document, ...extra }))
  const email = (notificationId: string, stage: number | null, label: string, key: string) =>
    save(label, () =>
      call('exports.email', {
        disputeId: d.id,
        notificationId,
        ...(stage !== null ? { stage } : {}),
        ...identifiersOf(key),
      }),
    )

  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      {drafts > 0 && (
        <p className="small">
          {drafts} record{drafts === 1 ? ' is' : 's are'} still a draft: exports leave drafts out and say so
          on their first page.
        </p>
      )}
      {warning({
        text: 'The Word document or email you save is outside the encrypted vault. Save it only where your agency keeps the child’s records, and send it only by secure email.',
      })}
      <div className="button-group" role="group" aria-label="Word documents">
        <button
          type="button"
          className="button secondary"
          disabled={busy !== null}
          onClick={() => exportDoc('escalation-record', 'record')}
        >
          Escalation record for the child’s file
        </button>
        {(d.route === 'emergency' || d.stageHistory.some((s) => s.route === 'emergency')) && (
          <button
            type="button"
            className="button secondary"
            disabled={busy !== null}
            onClick={() => exportDoc('rapid-resolution-log', 'log')}
          >
            {view.status?.words.routeTitle ?? 'Emergency route'}: contact log
          </button>
        )}
        <button
          type="button"
          className="button secondary"
          disabled={busy !== null}
          onClick={() => exportDoc('meeting-pack', 'pack')}
        >
          {view.status?.words.stageWord ?? 'Stage'} meeting pack (the final meeting)
        </button>
        {d.status === 'resolved' && (
          <button
            type="button"
            className="button secondary"
            disabled={busy !== null}
            onClick={() => exportDoc('outcome', 'outcome')}
          >
            Outcome (written confirmation)
          </button>
        )}
      </div>
      {owed.length > 0 && (
        <>
          <h3>Notifications owed</h3>
          <ul className="owed-exports">
            {owed.map((n) => {
              const key = noticeKey(n)
              const offer = offers[key]
              return (
                <li key={key}>
                  {n.form ? n.form.title : `Notification to ${n.recipient.name}`}
                  {n.stage ? ` (${positionNameInSentence(view.status?.words, n.stage)})` : ''}:{' '}
                  <button
                    type="button"
                    className="link"
                    disabled={busy !== null}
                    onClick={() =>
                      exportDoc('notification', key, {
                        notificationId: n.notificationId,
                        ...(n.stage !== null ? { stage: n.stage } : {}),
                        ...identifiersOf(key),
                      })
                    }
                  >
                    Word document<span className="visually-hidden"> for {n.reason}</span>
                  </button>
                  {n.recipient.email && (
                    <>
                      {' · '}
                      <button
                        type="button"
                        className="link"
                        disabled={busy !== null}
                        onClick={() => email(n.notificationId, n.stage, `email-${key}`, key)}
                      >
                        Prepare email to {n.recipient.email}
                      </button>
                    </>
                  )}
                  {offer && (
                    <details className="notice-identifiers">
                      <summary>
                        Gives each child’s {identifiersInWords(offer.chosen)}
                        <span className="visually-hidden"> — change what this notice gives</span>
                      </summary>
                      <fieldset>
                        <legend className="visually-hidden">What this notice gives of each child</legend>
                        <p className="hint small">
                          The name is always given. Ticked to begin with: {offer.defaultFrom}. Give only what
                          the recipient needs.
                        </p>
                        {offer.choices.map((c) => (
                          <Checkbox
                            key={c.id}
                            id={`identifier-${key}-${c.id}`}
                            label={c.label.charAt(0).toUpperCase() + c.label.slice(1)}
                            checked={offer.chosen.includes(c.id)}
                            onChange={(on) => choose(key, c.id, on)}
                          />
                        ))}
                      </fieldset>
                    </details>
                  )}
                </li>
              )
            })}
          </ul>
          <p className="small muted">
            After sending, use “Mark as sent” above so the notification is no longer shown as owed.
          </p>
        </>
      )}
      {status('Preparing the document…')}
    </section>
  )
}
