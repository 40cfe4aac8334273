/** Display formats for people ("22 Nov 2026", "22 Nov 2026, 14:05", UK time): one implementation, shared. */
import { formatDate, formatDateTime } from '../../shared/dates'

export const formatCivilDate = (date: string): string => formatDate(date)
export const formatInstant = (iso: string): string => formatDateTime(iso)
