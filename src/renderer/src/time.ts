/** Dates and times as a person in England types them, converted to and from stored instants. */
import { TZDate } from '@date-fns/tz'

const ZONE = 'Europe/London'
const pad = (n: number) => String(n).padStart(2, '0')

/** The London civil date and hh:mm of an instant. */
export function londonParts(at: Date | string = new Date()): { date: string; time: string } {
  const d = new TZDate(new Date(at).getTime(), ZONE)
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  }
}

export const todayInLondon = (): string => londonParts().date

/** The instant of a London date and time ("2026-11-22", "14:05"); null if either is not valid. */
export function londonInstant(date: string, time: string): string | null {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  const tm = /^(\d{2}):(\d{2})$/.exec(time)
  if (!dm || !tm) return null
  const d = new TZDate(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(tm[1]), Number(tm[2]), 0, ZONE)
  const ms = d.getTime()
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}
