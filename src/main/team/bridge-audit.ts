/**
 * What colleagues did, in words, for the audit trail of an apply (docs/team-vault.md, "The bridge"): each change
 * merged from another device named with its person, what it was, the dispute's reference and when it was made by
 * that device's clock — as many as fit the audit summary, then how many more.
 */
import type { TeamEvent } from '../domain/team/events'
import { formatDateTime } from '../../shared/dates'

/** The audit trail shows summaries of at most this many characters (ipc-vault.ts, the audit list). */
export const AUDIT_SUMMARY_MAX = 400

function what(e: TeamEvent, ref: string | null): string {
  const on = ref ? ` on ${ref}` : ''
  const a = e.action
  switch (a.kind) {
    case 'dispute-opened':
      return `opened ${ref ?? 'a dispute'}`
    case 'draft-saved':
      return `saved a draft record${on}`
    case 'record-approved':
      return `approved a record${on}`
    case 'addendum-added':
      return `added an addendum to a record${on}`
    case 'countersigned':
      return `countersigned a record${on}`
    case 'countersignature-asked':
      return `asked for a countersignature${on}`
    case 'file-added':
      return `attached a file to a record${on}`
    case 'file-removed':
      return `removed a file from a draft${on}`
    case 'draft-taken-over':
      return `took over a colleague’s draft${on}`
    case 'draft-set-aside':
      return `set a colleague’s draft aside${on}`
    case 'transition':
      return a.to === 'escalated' ? `escalated ${ref ?? 'a dispute'} to stage ${a.stage}` : `marked ${ref ?? 'a dispute'} ${a.to}`
    case 'review-decided':
      return `decided between two moves made at once${on}`
    case 'dispute-noted':
      return `recorded a step or changed the details${on}`
    case 'child-saved':
      return 'saved a child’s details'
    case 'directory-entry-saved':
      return 'saved a directory entry'
    case 'policy-imported':
      return 'imported a policy'
    case 'policies-retired':
      return 'changed which policies are retired'
    case 'team-settings-saved':
      return 'changed the team’s settings'
    case 'calendar-saved':
      return 'changed the team’s bank holidays'
    case 'meeting-saved':
      return `saved the stage-4 meeting${on}`
    case 'meeting-signed-off':
      return `signed off the stage-4 meeting${on}`
    case 'meeting-addendum-added':
      return `added an addendum to the stage-4 meeting${on}`
    case 'retention-decided':
      return `recorded a retention decision${on}`
    default:
      return `made a change${on}`
  }
}

/**
 * `head` followed by the colleagues' changes, as many as fit in `AUDIT_SUMMARY_MAX` characters: "… Ben Okafor
 * approved a record on ESC-2026-0014 (2 Dec 2026, 14:05); … and 3 more (times by their devices’ clocks)."
 */
export function withColleaguesChanges(
  head: string,
  events: readonly TeamEvent[],
  nameOf: (e: TeamEvent) => string,
  referenceOf: (disputeId: string) => string | null,
): string {
  if (events.length === 0) return head
  const tail = (more: number) => `${more > 0 ? `; and ${more} more` : ''} (times by their devices’ clocks).`
  let out = `${head}. `
  let shown = 0
  let last: string | null = null
  for (const e of events) {
    // A person's name once for a run of their changes.
    const name = nameOf(e)
    const item = `${shown > 0 ? '; ' : ''}${name === last ? '' : `${name} `}${what(e, referenceOf(e.action.disputeId))} (${formatDateTime(e.at)})`
    if ((out + item + tail(events.length - shown - 1)).length > AUDIT_SUMMARY_MAX) break
    out += item
    last = name
    shown++
  }
  return shown === 0 ? head : out + tail(events.length - shown)
}
