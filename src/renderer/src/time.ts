/** Dates and times as a person in England types them: the screens' defaults, from the shared rules. */
import { londonTyped, type LondonDateTime } from '../../shared/date-entry'

/** The London civil date and hh:mm of an instant (and the clock, where that time happened twice). */
export function londonParts(at: Date | string = new Date()): LondonDateTime {
  return londonTyped(at)
}

export const todayInLondon = (): string => londonParts().date
