/** Retention review of closed disputes through the handler table: what is due, and the recorded decisions. */
import type { ChannelInput, ChannelOutput } from '../../shared/ipc'
import { civilDateInLondon } from '../domain/calendar'
import { decideRetention, reviewStatus, type RetentionDecision } from '../domain/retention'
import { own } from '../caselog'
import { actorName, caseLogOf, nowIso } from './case-session'
import { requireSession, type Context } from './context'
import { requireRecentPassphrase } from './reauth'
import { teamServices } from './team-sessions'

const disposalOf = (decisions: readonly RetentionDecision[]) => {
  const d = decisions.find((x) => x.decision === 'dispose')
  return d ? { at: d.decidedAt, by: d.decidedBy, reason: d.reason } : null
}

export const retentionHandlers = {
  'retention.list': async (ctx: Context) => {
    const { log } = caseLogOf(ctx)
    const session = requireSession(ctx)
    const today = civilDateInLondon(ctx.now())
    const children = await log.children()
    const items: ChannelOutput<'retention.list'>['items'] = []
    const disposed: ChannelOutput<'retention.list'>['disposed'] = []
    for (const year of log.archiveYears()) {
      const archive = await log.archived(year)
      for (const entry of archive.disputes) {
        const kids = entry.dispute.childIds.map((id) => own(children, id) ?? { dateOfBirth: null })
        const status = reviewStatus(kids, entry.retention, { yearsAfterYoungestBirth: session.settings.retentionYears }, today)
        items.push({
          disputeId: entry.dispute.id,
          reference: entry.dispute.reference,
          childNames: entry.childNames,
          otherAgency: entry.dispute.otherAgency.agency,
          closedAt: entry.dispute.closedAt,
          ...status,
          // Received from a colleague's device: decided there, the records still here until disposed of here too.
          disposalDecided: disposalOf(entry.retention),
        })
      }
      disposed.push(...archive.disposed)
    }
    items.sort((a, b) => (a.due === b.due ? (a.reviewOn ?? '').localeCompare(b.reviewOn ?? '') : a.due ? -1 : 1))
    return { items, disposed }
  },

  'retention.decide': async (ctx: Context, input: ChannelInput<'retention.decide'>) => {
    const { log } = caseLogOf(ctx)
    const session = requireSession(ctx)
    if (input.decision === 'dispose') requireRecentPassphrase(ctx, session, 'dispose of a closed dispute’s records')
    const { entry, open } = await log.find(input.disputeId)
    const today = civilDateInLondon(ctx.now())
    const children = await log.children()
    const kids = entry.dispute.childIds.map((id) => own(children, id) ?? { dateOfBirth: null })
    const status = reviewStatus(kids, entry.retention, { yearsAfterYoungestBirth: session.settings.retentionYears }, today)
    const decision = decideRetention(input, { today, now: nowIso(ctx), by: actorName(ctx), status, disputeOpen: open })
    const reference = entry.dispute.reference
    if (decision.decision === 'retain')
      await log.recordRetention(input.disputeId, decision, { action: 'retention-retained', subject: reference, summary: `Kept at review until ${decision.retainUntil}: ${decision.reason}` })
    else {
      // In a team vault the disposal is the team's (docs/team-vault.md, "Deleting"): only an owner may make it;
      // its tombstone is sealed and the dispute's keys destroyed here, stored in the same commit as the disposal.
      const service = await teamServices.get(session)?.catch(() => null)
      const device = service?.device ?? null
      if (service && device)
        service.disposeDispute({ disputeId: input.disputeId, reference, reason: decision.reason, decidedBy: decision.decidedBy, retentionYears: session.settings.retentionYears })
      await log.disposeDispute(
        input.disputeId,
        { reference, at: decision.decidedAt, by: decision.decidedBy, reason: decision.reason },
        { action: 'retention-disposed', subject: reference, summary: `Disposed of at review: ${decision.reason}` },
        (device && service?.currentDocument()) || undefined,
      )
      if (device) void service?.syncNow()
    }
    return { done: true as const }
  },
}
