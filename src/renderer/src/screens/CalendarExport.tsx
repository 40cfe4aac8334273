import { useState } from 'react'
import { call } from '../api'
import { Checkbox } from '../components/forms'

/**
 * Deadlines for Outlook: saves an .ics of every open deadline (or one dispute's) for the DSL to open in
 * their calendar. Children's names go in only if the DSL ticks the box: calendars are often shared.
 */
export function CalendarExport({ disputeId }: { disputeId?: string }) {
  const [withChildNames, setWithChildNames] = useState(false)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const id = disputeId ? `calendar-names-${disputeId}` : 'calendar-names'

  const save = async (): Promise<void> => {
    setBusy(true)
    setResult(null)
    const r = await call('calendar.export', { ...(disputeId ? { disputeId } : {}), withChildNames })
    setBusy(false)
    if (!r.ok) setResult({ ok: false, text: r.error.message })
    else if (r.value.savedTo)
      setResult({
        ok: true,
        text: `Saved ${r.value.events} deadline${r.value.events === 1 ? '' : 's'}${r.value.cancelled ? ` and ${r.value.cancelled} cancelled since the last export` : ''}. Open the file to add them to your calendar.`,
      })
  }

  return (
    <section aria-labelledby={`${id}-title`} className="calendar-export">
      <h2 id={`${id}-title`} className="h3">{disputeId ? 'This dispute’s deadlines in your calendar' : 'Deadlines in your calendar'}</h2>
      <p className="hint">A calendar file (.ics) for Outlook or any calendar. Open it again after each export: deadlines that have closed are cancelled.</p>
      <Checkbox id={id} label="Include the children’s names" hint="Leave this unticked if others can see your calendar." checked={withChildNames} onChange={setWithChildNames} />
      <button type="button" className="button secondary" disabled={busy} onClick={() => void save()}>
        {busy ? 'Saving…' : 'Save deadlines for a calendar (.ics)'}
      </button>
      {result && (
        <div className={`notice ${result.ok ? 'success' : 'danger'}`} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </div>
      )}
    </section>
  )
}
