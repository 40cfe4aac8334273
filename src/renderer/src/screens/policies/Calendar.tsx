/** The working-day calendar: the bank-holiday list and the organisation's closure days. */
import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { CalendarView } from '../../../../shared/ipc'
import { call } from '../../api'
import { channelKey, useChannel } from '../../lib/queries'
import { DateInput, dateProblems } from '../../components/DateInput'
import { ErrorSummary, Spinner, TextField, fieldError, type FieldErrors } from '../../components/forms'
import { formatCivilDate } from '../../format'
import { FileField, fileErrors } from './ImportPolicy'

export function todayInEngland(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}

export const inAYear = (date: string): string => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`

export function BankHolidays() {
  const query = useChannel('calendar.get', {})
  const calendar = query.data ?? null
  const loadError = query.error?.message ?? null
  // A change answers with the calendar as it now is: shown at once, before the refetch every save brings.
  const client = useQueryClient()
  const setCalendar = (next: CalendarView) => client.setQueryData(channelKey('calendar.get', {}), next)
  const [file, setFile] = useState<File | null>(null)
  const [importErrors, setImportErrors] = useState<FieldErrors>({})
  const [importing, setImporting] = useState(false)
  const [imported, setImported] = useState<string | null>(null)
  const running = useRef(false)
  const input = useRef<HTMLInputElement>(null)

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

export function Closures({ calendar, onChange }: { calendar: CalendarView; onChange: (c: CalendarView) => void }) {
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
