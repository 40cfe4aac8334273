/** Display formats for people: "22 Nov 2026" and "22 Nov 2026, 14:05", always in UK time. */
const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' })
const timeFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/London' })

const clean = (s: string): string => s.replace('Sept', 'Sep').replace(/\./g, '')

export function formatInstant(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${clean(dateFmt.format(d))}, ${timeFmt.format(d)}`
}

export function formatCivilDate(date: string): string {
  const d = new Date(`${date}T12:00:00Z`)
  if (Number.isNaN(d.getTime())) return ''
  return clean(dateFmt.format(d))
}
