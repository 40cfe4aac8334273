import { useEffect, useRef, useState } from 'react'
import type { DueView } from '../../../shared/views'

const MINUTE = 60_000

/** "18 hours 20 minutes", "1 hour 1 minute", "under a minute": a span of time in words. */
export function durationInWords(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE)
  if (minutes < 1) return 'under a minute'
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  const part = (n: number, one: string) => (n === 0 ? null : `${n} ${one}${n === 1 ? '' : 's'}`)
  // Past a day the minutes no longer help anyone decide anything.
  const parts = days > 0 ? [part(days, 'day'), part(hours, 'hour')] : [part(hours, 'hour'), part(mins, 'minute')]
  return parts.filter((p): p is string => p !== null).join(' ')
}

/** "18 hours 20 minutes left — due 3 Dec 2026, 16:00", or "Overdue by 2 hours 5 minutes — was due …". */
export function countdownWords(due: Pick<DueView, 'deadline' | 'display'>, nowMs: number): { text: string; overdue: boolean; minutesLeft: number } {
  const at = due.deadline.kind === 'instant' ? Date.parse(due.deadline.at) : Number.NaN
  const left = at - nowMs
  if (left <= 0) return { text: `Overdue by ${durationInWords(left)} — was due ${due.display}`, overdue: true, minutesLeft: Math.floor(left / MINUTE) }
  return { text: `${durationInWords(left)} left — due ${due.display}`, overdue: false, minutesLeft: Math.floor(left / MINUTE) }
}

/** The thresholds at which a screen reader is told (politely) how long is left; the ticking text itself is silent. */
const THRESHOLDS = [12 * 60, 6 * 60, 2 * 60, 60, 30, 15, 0]

function thresholdOf(minutesLeft: number): number {
  return THRESHOLDS.find((t) => minutesLeft >= t) ?? -1
}

/** Re-renders every minute, on the minute. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>
    const tick = () => {
      setNow(Date.now())
      timer = setTimeout(tick, MINUTE - (Date.now() % MINUTE) + 50)
    }
    timer = setTimeout(tick, MINUTE - (Date.now() % MINUTE) + 50)
    return () => clearTimeout(timer)
  }, [])
  return now
}

/**
 * A live countdown to a deadline in hours (the domain's instant; this only formats what is left). The text
 * updates each minute with `aria-live="off"`; a separate polite region speaks only when a threshold is
 * crossed (12, 6 and 2 hours, 1 hour, 30 and 15 minutes, and when it passes).
 */
export function Countdown({ due, label }: { due: DueView; label?: string }) {
  const now = useMinuteClock()
  const { text, overdue, minutesLeft } = countdownWords(due, now)
  const threshold = thresholdOf(minutesLeft)
  const lastThreshold = useRef(threshold)
  const [announcement, setAnnouncement] = useState('')
  useEffect(() => {
    if (threshold === lastThreshold.current) return
    lastThreshold.current = threshold
    setAnnouncement(`${label ?? due.label}: ${text}`)
  }, [threshold, text, label, due.label])
  return (
    <span className={`countdown ${overdue ? 'overdue' : minutesLeft < 120 ? 'due-soon' : 'ok'}`}>
      <span aria-live="off" data-testid="countdown-text">{text}</span>
      <span className="visually-hidden" role="status" aria-live="polite">{announcement}</span>
    </span>
  )
}
