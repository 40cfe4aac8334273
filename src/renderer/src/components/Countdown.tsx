import { useEffect, useRef, useState } from 'react'
import type { DueView } from '../../../shared/views'

const MINUTE = 60_000

/** "18 hours 20 minutes", "1 hour 1 minute", "under a minute": a span of time in words. */
export function durationInWords(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE)
  if (minutes < 1) return 'under a minute'
  const part = (n: number, one: string) => (n === 0 ? null : `${n} ${one}${n === 1 ? '' : 's'}`)
  // Clocks of a day or so ("within the next 24 hours") are counted in hours, as the policies write them;
  // past two days the minutes no longer help anyone decide anything.
  const parts =
    minutes >= 48 * 60
      ? [part(Math.floor(minutes / 1440), 'day'), part(Math.floor((minutes % 1440) / 60), 'hour')]
      : [part(Math.floor(minutes / 60), 'hour'), part(minutes % 60, 'minute')]
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
 * crossed (12, 6 and 2 hours, 1 hour, 30 and 15 minutes, and when it passes). When it passes, `onPassed`
 * lets the screen read the dispute again, so its badges and counts agree with the countdown.
 */
export function Countdown({ due, label, onPassed }: { due: DueView; label?: string; onPassed?: () => void }) {
  const now = useMinuteClock()
  const { text, overdue, minutesLeft } = countdownWords(due, now)
  const threshold = thresholdOf(minutesLeft)
  const lastThreshold = useRef(threshold)
  const [announcement, setAnnouncement] = useState('')
  const wasOverdue = useRef(overdue)
  useEffect(() => {
    if (overdue && !wasOverdue.current) onPassed?.()
    wasOverdue.current = overdue
  }, [overdue, onPassed])
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
