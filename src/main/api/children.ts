/** Children through the handler table; a change to a child follows into their disputes. */
import { AppError } from '../../shared/errors'
import type { ChannelInput } from '../../shared/ipc'
import type { Child } from '../../shared/children'
import type { Dispute } from '../../shared/dispute'
import { civilDateInLondon } from '../domain/calendar'
import { checkLevelOfNeed, createChild, updateChild } from '../domain/children'
import { childFlagsChanged, circumstancesFollowingChildren, updateChildCircumstances } from '../domain/disputes'
import { latestPolicy } from '../domain/policies'
import { gateViews, newId, own, type CaseLog } from '../caselog'
import { actorName, caseLogOf, nowIso, unwrap } from './case-session'
import type { Context } from './context'

function levelsOf(log: CaseLog, policyId: string | undefined): string[] | null {
  if (!policyId) return null
  const policy = latestPolicy(log.policies(), policyId)
  if (!policy) throw new AppError('policy-not-found', 'That partnership’s policy is not installed.', { field: 'policyId' })
  return policy.levelsOfNeed.flatMap((l) => [l.label])
}

/**
 * A child's disputes follow a change to the child: a new name is shown on them (the case log saves each
 * with the names as they now are), and a child protection plan or looked-after status that starts or ends
 * changes who must be notified on the open ones (the IRO rules test these circumstances).
 */
async function disputesFollowingChild(
  ctx: Context,
  log: CaseLog,
  before: Child,
  after: Child,
  allChildren: Record<string, Child>,
  from: string | undefined,
): Promise<Dispute[]> {
  const flagsChanged = childFlagsChanged(before, after)
  if (before.name === after.name && !flagsChanged) return []
  const out: Dispute[] = []
  // The child's disputes only, found from the year summaries: never every archive in the vault.
  for (let dispute of await log.disputesOfChild(after.id)) {
    if (!dispute.childIds.includes(after.id)) continue
    const policy = flagsChanged && dispute.status === 'open' ? log.policyOf(dispute) : null
    if (policy) {
      const children = dispute.childIds.map((id) => own(allChildren, id)).filter((c): c is Child => c !== undefined)
      const childCircumstances = circumstancesFollowingChildren(dispute.childCircumstances, children)
      const records = gateViews(await log.records(dispute.id), (await log.disputeDocOf(dispute.id))?.team)
      dispute = unwrap(updateChildCircumstances(dispute, { childCircumstances, by: actorName(ctx), ...(from !== undefined ? { from } : {}) }, { policy, calendar: log.calendar(), now: nowIso(ctx), records }))
    }
    out.push(dispute)
  }
  return out
}

export const childHandlers = {
  'children.list': async (ctx: Context) =>
    Object.values(await caseLogOf(ctx).log.children()).sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),

  'children.create': async (ctx: Context, input: ChannelInput<'children.create'>) => {
    const { log } = caseLogOf(ctx)
    const levels = levelsOf(log, input.policyId)
    const child = createChild(input.child, { id: newId(), today: civilDateInLondon(ctx.now()) })
    if (levels && child.levelOfNeed) child.levelOfNeed = checkLevelOfNeed(child.levelOfNeed, levels)
    await log.addChild(child, { action: 'child-added', subject: child.name, summary: 'Child added' })
    return child
  },

  'children.update': async (ctx: Context, input: ChannelInput<'children.update'>) => {
    const { log } = caseLogOf(ctx)
    const children = await log.children()
    const existing = own(children, input.id)
    if (!existing) throw new AppError('child-not-found', 'That child is not in this vault.')
    const levels = levelsOf(log, input.policyId)
    const child = updateChild(existing, input.changes, {
      today: civilDateInLondon(ctx.now()),
      ...(input.circumstancesFrom !== undefined ? { circumstancesFrom: input.circumstancesFrom } : {}),
    })
    if (levels && child.levelOfNeed) child.levelOfNeed = checkLevelOfNeed(child.levelOfNeed, levels)
    const followers = await disputesFollowingChild(ctx, log, existing, child, { ...children, [child.id]: child }, input.circumstancesFrom)
    const followed = followers.length ? ` (and ${followers.length} dispute${followers.length === 1 ? '' : 's'} updated to match)` : ''
    await log.updateChild(child, followers, { action: 'child-updated', subject: child.name, summary: `Child’s details changed${followed}` })
    return child
  },
}
