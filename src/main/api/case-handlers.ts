/**
 * Disputes, contact records, children, directory, policies and the calendar, through the handler table.
 * Each handler: load what it needs from the case log, ask the domain for the new value (or its refusal),
 * then save every changed document with one audit event. Who acts is always the person who unlocked.
 */
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelOutput } from '../../shared/ipc'
import type { Child } from '../../shared/children'
import type { Dispute } from '../../shared/dispute'
import type { ContactRecord } from '../../shared/records'
import type { DashboardView, DisputeView, RecordView } from '../../shared/views'
import { civilDateInLondon, mergeBankHolidays, parseBankHolidayFile, bundledBankHolidays } from '../domain/calendar'
import { checkLevelOfNeed, createChild, updateChild } from '../domain/children'
import { createEntry, updateEntry } from '../domain/directory'
import {
  childFlagsChanged,
  circumstancesFollowingChildren,
  dashboard,
  deadlineFallsOn,
  disputeStatus,
  escalate,
  openDispute,
  openingCircumstances,
  recordNotificationSent,
  recordStepDone,
  requestCaseMeeting,
  requestExceptionalRoute,
  resolve,
  updateChildCircumstances,
  withdraw,
  type Transition,
} from '../domain/disputes'
import { builtInPolicies, checkPolicyCanBeAdded, currentPolicies, latestPolicy, summarisePolicy, validatePolicy } from '../domain/policies'
import { decideRetention, reviewStatus } from '../domain/retention'
import { addAddendum, approveRecord, countersign, createDraft, recordLabel, retrospection, updateDraft } from '../domain/records'
import { gateViews, newId, own, type CaseLog, type OpenEntry } from '../caselog'
import { requireSession, type Context } from './context'

const nowIso = (ctx: Context): string => ctx.now().toISOString()

function caseLogOf(ctx: Context): { log: CaseLog; actor: { personId: string; name: string } } {
  const session = requireSession(ctx)
  return { log: session.caselog, actor: { personId: session.vault.person.personId, name: actorName(ctx) } }
}

function actorName(ctx: Context): string {
  const session = requireSession(ctx)
  return session.settings.profiles[session.vault.person.personId]?.name ?? session.vault.person.name
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new AppError('file-not-json', `That file is not a ${what}: it is not valid JSON.`, { field: 'json' })
  }
}

const unwrap = (t: Transition): Dispute => {
  if (!t.ok) throw t.error
  return t.dispute
}

function recordView(record: ContactRecord): RecordView {
  const late = retrospection(record)
  return { ...record, label: recordLabel(record), retrospective: late.retrospective, retrospectiveNote: late.retrospective ? late.note : null }
}

async function disputeView(ctx: Context, log: CaseLog, disputeId: string): Promise<DisputeView> {
  const { entry } = await log.find(disputeId)
  const dispute = entry.dispute
  const records = await log.records(disputeId)
  const policy = log.policyOf(dispute)
  const allChildren = await log.children()
  const children = dispute.childIds.map((id) => own(allChildren, id)).filter((c): c is Child => c !== undefined)
  return {
    dispute,
    status: policy ? disputeStatus(dispute, { policy, calendar: log.calendar(), now: nowIso(ctx), records: gateViews(records) }) : null,
    problem: policy
      ? null
      : `Version ${dispute.policy.version} of the ${dispute.policy.partnership} policy is not installed: import it to see this dispute's deadlines.`,
    records: records.map(recordView),
    children,
    policyTitle: policy?.title ?? dispute.policy.partnership,
  }
}

/** Runs a transition on an open dispute and saves it where it now belongs (index or archive). */
async function transition(
  ctx: Context,
  disputeId: string,
  event: { action: string; summary: (d: Dispute) => string },
  run: (dispute: Dispute, context: Parameters<typeof escalate>[2]) => Transition,
): Promise<DisputeView> {
  const { log } = caseLogOf(ctx)
  const { entry, open } = await log.find(disputeId)
  if (!open) throw new AppError('dispute-closed', `${entry.dispute.reference} is closed: it can no longer change.`)
  const policy = log.policyOf(entry.dispute)
  if (!policy)
    throw new AppError('policy-missing', `The policy ${entry.dispute.reference} was opened under is not installed: import version ${entry.dispute.policy.version} first.`)
  const records = await log.records(disputeId)
  const next = unwrap(run(entry.dispute, { policy, calendar: log.calendar(), now: nowIso(ctx), records: gateViews(records) }))
  await log.saveDispute(next, { action: event.action, subject: next.reference, summary: event.summary(next) })
  return disputeView(ctx, log, disputeId)
}

/** Loads one record of a dispute, and the save that replaces it. */
async function withRecord(
  ctx: Context,
  disputeId: string,
  recordId: string,
  event: { action: string; summary: (r: ContactRecord) => string },
  change: (record: ContactRecord) => ContactRecord | Promise<ContactRecord>,
  options: { openOnly: boolean },
): Promise<RecordView> {
  const { log } = caseLogOf(ctx)
  const { entry, open } = await log.find(disputeId)
  if (options.openOnly && !open)
    throw new AppError('dispute-closed', `${entry.dispute.reference} is closed. An approved record can still be corrected with an addendum.`)
  const record = (await log.records(disputeId)).find((r) => r.id === recordId)
  if (!record) throw new AppError('record-not-found', 'That contact record is not part of this dispute.')
  const next = await change(record)
  await log.saveRecord(next, { action: event.action, subject: entry.dispute.reference, summary: event.summary(next) })
  return recordView(next)
}

function levelsOf(log: CaseLog, policyId: string | undefined): string[] | null {
  if (!policyId) return null
  const policy = latestPolicy(log.policies(), policyId)
  if (!policy) throw new AppError('policy-not-found', 'That partnership’s policy is not installed.', { field: 'policyId' })
  return policy.levelsOfNeed.flatMap((l) => [l.label])
}

function calendarView(log: CaseLog): ChannelOutput<'calendar.get'> {
  const cal = log.calendar()
  const days = log.calendarDays()
  return {
    source: days.bankHolidays ? 'imported' : 'bundled',
    bankHolidays: (days.bankHolidays ?? bundledBankHolidays()).map((h) => ({ title: h.title, date: h.date })),
    extraClosures: days.extraClosures.map((c) => ({ date: c.date, label: c.label })),
    coverage: cal.coverage(),
  }
}

/**
 * A child's disputes follow a change to the child: a new name is shown on them (the case log saves each
 * with the names as they now are), and a child protection plan or looked-after status that starts or ends
 * changes who must be notified on the open ones (the IRO rules test these circumstances).
 */
async function disputesFollowingChild(ctx: Context, log: CaseLog, before: Child, after: Child, allChildren: Record<string, Child>): Promise<Dispute[]> {
  const flagsChanged = childFlagsChanged(before, after)
  if (before.name === after.name && !flagsChanged) return []
  const out: Dispute[] = []
  for (const entry of await log.allDisputes()) {
    let dispute = entry.dispute
    if (!dispute.childIds.includes(after.id)) continue
    const policy = flagsChanged && dispute.status === 'open' ? log.policyOf(dispute) : null
    if (policy) {
      const children = dispute.childIds.map((id) => own(allChildren, id)).filter((c): c is Child => c !== undefined)
      const childCircumstances = circumstancesFollowingChildren(dispute.childCircumstances, children)
      const records = gateViews(await log.records(dispute.id))
      dispute = unwrap(updateChildCircumstances(dispute, { childCircumstances, by: actorName(ctx) }, { policy, calendar: log.calendar(), now: nowIso(ctx), records }))
    }
    out.push(dispute)
  }
  return out
}

export const caseHandlers = {
  // ── policies and the calendar ──────────────────────────────────────────────────────────────────
  'policies.builtIn': async () => currentPolicies([...builtInPolicies()]).map(summarisePolicy),

  'policies.list': async (ctx: Context) => {
    const { log } = caseLogOf(ctx)
    return { policies: log.policies(), current: currentPolicies(log.policies()).map(summarisePolicy) }
  },

  'policies.import': async (ctx: Context, input: ChannelInput<'policies.import'>) => {
    const { log } = caseLogOf(ctx)
    const policy = validatePolicy(parseJson(input.json, 'policy file'))
    const check = checkPolicyCanBeAdded(log.policies(), policy)
    if (!check.ok) throw check.error
    if (!check.alreadyInstalled)
      await log.importPolicy(policy, { action: 'policy-imported', subject: policy.partnership, summary: `Imported version ${policy.version} of ${policy.title}` })
    return { policy: summarisePolicy(policy), alreadyInstalled: check.alreadyInstalled }
  },

  'calendar.get': async (ctx: Context) => calendarView(caseLogOf(ctx).log),

  'calendar.importBankHolidays': async (ctx: Context, input: ChannelInput<'calendar.importBankHolidays'>) => {
    const { log } = caseLogOf(ctx)
    const imported = parseBankHolidayFile(parseJson(input.json, 'bank-holidays file'))
    const merged = mergeBankHolidays(log.calendarDays().bankHolidays ?? bundledBankHolidays(), imported)
    await log.setBankHolidays(merged, { action: 'bank-holidays-imported', summary: `Imported ${imported.length} England and Wales bank holidays` })
    return calendarView(log)
  },

  'calendar.addClosure': async (ctx: Context, input: ChannelInput<'calendar.addClosure'>) => {
    const { log } = caseLogOf(ctx)
    const others = log.calendarDays().extraClosures.filter((c) => c.date !== input.date)
    const extraClosures = [...others, { date: input.date, label: input.label }].sort((a, b) => a.date.localeCompare(b.date))
    await log.setClosureDays(extraClosures, { action: 'closure-added', summary: `Closure day added: ${input.date} (${input.label})` })
    return calendarView(log)
  },

  'calendar.removeClosure': async (ctx: Context, input: ChannelInput<'calendar.removeClosure'>) => {
    const { log } = caseLogOf(ctx)
    const before = log.calendarDays().extraClosures
    const extraClosures = before.filter((c) => c.date !== input.date)
    if (extraClosures.length === before.length)
      throw new AppError('closure-not-found', 'That date is not one of the extra closure days.', { field: 'date' })
    await log.setClosureDays(extraClosures, { action: 'closure-removed', summary: `Closure day removed: ${input.date}` })
    return calendarView(log)
  },

  // ── children and the directory ─────────────────────────────────────────────────────────────────
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
    const child = updateChild(existing, input.changes, { today: civilDateInLondon(ctx.now()) })
    if (levels && child.levelOfNeed) child.levelOfNeed = checkLevelOfNeed(child.levelOfNeed, levels)
    const followers = await disputesFollowingChild(ctx, log, existing, child, { ...children, [child.id]: child })
    const followed = followers.length ? ` (and ${followers.length} dispute${followers.length === 1 ? '' : 's'} updated to match)` : ''
    await log.updateChild(child, followers, { action: 'child-updated', subject: child.name, summary: `Child’s details changed${followed}` })
    return child
  },

  'directory.list': async (ctx: Context) =>
    Object.values(await caseLogOf(ctx).log.directory()).sort((a, b) =>
      (a.agency + a.role + a.name).localeCompare(b.agency + b.role + b.name, 'en-GB'),
    ),

  'directory.create': async (ctx: Context, input: ChannelInput<'directory.create'>) => {
    const { log } = caseLogOf(ctx)
    const entry = createEntry(input.entry, { id: newId() })
    await log.saveDirectoryEntry(entry, { action: 'directory-added', subject: entry.agency || entry.name, summary: 'Directory entry added' })
    return entry
  },

  'directory.update': async (ctx: Context, input: ChannelInput<'directory.update'>) => {
    const { log } = caseLogOf(ctx)
    const existing = own(await log.directory(), input.id)
    if (!existing) throw new AppError('directory-not-found', 'That directory entry does not exist.')
    const entry = updateEntry(existing, input.changes)
    await log.saveDirectoryEntry(entry, { action: 'directory-updated', subject: entry.agency || entry.name, summary: 'Directory entry changed' })
    return entry
  },

  // ── disputes ───────────────────────────────────────────────────────────────────────────────────
  'disputes.dashboard': async (ctx: Context): Promise<DashboardView> => {
    const { log } = caseLogOf(ctx)
    const entries = log.openEntries()
    const byId = new Map<string, OpenEntry>(entries.map((e) => [e.dispute.id, e]))
    const now = nowIso(ctx)
    const rows = dashboard(
      entries.map((e) => e.dispute),
      { policies: log.policies(), now, calendar: log.calendar(), recordsOf: (id) => byId.get(id)?.drafts ?? [] },
    ).map((row) => {
      const entry = byId.get(row.id)!
      return {
        id: row.id,
        reference: row.reference,
        childNames: entry.childNames,
        otherAgency: entry.dispute.otherAgency.agency,
        partnership: entry.dispute.policy.partnership,
        status: row.status,
        problem: row.problem ?? null,
        draftCount: entry.drafts.length,
      }
    })
    // A dispute whose document cannot be read still has a row, first, saying so.
    for (const bad of log.unreadableOpen())
      rows.unshift({ id: bad.id, reference: bad.reference, childNames: [], otherAgency: '', partnership: '', status: null, problem: bad.problem, draftCount: 0 })
    const today = civilDateInLondon(now)
    return {
      rows,
      counts: {
        open: rows.length,
        overdue: rows.filter((r) => r.status?.overdue).length,
        dueToday: rows.filter((r) => (r.status?.nextDeadline ? deadlineFallsOn(r.status.nextDeadline.deadline, today) : false)).length,
        dueSoon: rows.filter((r) => r.status?.dueSoon).length,
        drafts: entries.reduce((n, e) => n + e.drafts.length, 0),
        notificationsOwed: rows.reduce((n, r) => n + (r.status?.notificationsOwed.length ?? 0), 0),
      },
    }
  },

  'disputes.get': async (ctx: Context, input: ChannelInput<'disputes.get'>) =>
    disputeView(ctx, caseLogOf(ctx).log, input.disputeId),

  'disputes.open': async (ctx: Context, input: ChannelInput<'disputes.open'>) => {
    const { log } = caseLogOf(ctx)
    const policy = latestPolicy(log.policies(), input.policyId)
    if (!policy) throw new AppError('policy-not-found', 'Choose a partnership whose policy is installed.', { field: 'policyId' })
    const children = await log.children()
    const childList = input.dispute.childIds.map((id) => own(children, id))
    if (childList.some((c) => !c)) throw new AppError('child-not-found', 'One of the children chosen is not in this vault.', { field: 'childIds' })
    const now = ctx.now()
    const slot = log.reserveDispute(Number(civilDateInLondon(now).slice(0, 4)))
    const childCircumstances = openingCircumstances(input.dispute.childCircumstances ?? [], childList.filter((c): c is Child => c !== undefined))
    const dispute = unwrap(
      openDispute(
        { ...input.dispute, childCircumstances, by: actorName(ctx) },
        { policy, calendar: log.calendar(), now: now.toISOString(), records: [], id: slot.id, reference: slot.reference },
      ),
    )
    await log.openDispute(slot, dispute, { action: 'dispute-opened', subject: slot.reference, summary: `Dispute opened with ${dispute.otherAgency.agency} under ${policy.title}` })
    return disputeView(ctx, log, slot.id)
  },

  'disputes.escalate': async (ctx: Context, input: ChannelInput<'disputes.escalate'>) =>
    transition(ctx, input.disputeId, { action: 'escalated', summary: (d) => `Escalated to stage ${d.currentStage ?? ''}` }, (d, c) =>
      escalate(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.resolve': async (ctx: Context, input: ChannelInput<'disputes.resolve'>) =>
    transition(ctx, input.disputeId, { action: 'resolved', summary: () => 'Resolved with a written outcome' }, (d, c) =>
      resolve(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.withdraw': async (ctx: Context, input: ChannelInput<'disputes.withdraw'>) =>
    transition(ctx, input.disputeId, { action: 'withdrawn', summary: () => 'Withdrawn' }, (d, c) =>
      withdraw(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.request': async (ctx: Context, input: ChannelInput<'disputes.request'>) =>
    transition(
      ctx,
      input.disputeId,
      { action: input.kind === 'exceptionalRoute' ? 'exceptional-route-requested' : 'case-meeting-requested', summary: (d) => `Requested: ${d.requests[d.requests.length - 1]?.title ?? ''}` },
      (d, c) =>
        (input.kind === 'exceptionalRoute' ? requestExceptionalRoute : requestCaseMeeting)(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.recordNotification': async (ctx: Context, input: ChannelInput<'disputes.recordNotification'>) =>
    transition(ctx, input.disputeId, { action: 'notification-sent', summary: () => `Notification recorded as sent: ${input.input.notificationId}` }, (d, c) =>
      recordNotificationSent(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  'disputes.recordStepDone': async (ctx: Context, input: ChannelInput<'disputes.recordStepDone'>) =>
    transition(ctx, input.disputeId, { action: 'step-done', summary: () => `Step recorded as done: ${input.input.key}` }, (d, c) =>
      recordStepDone(d, { ...input.input, by: actorName(ctx) }, c),
    ),

  // ── contact records ────────────────────────────────────────────────────────────────────────────
  'records.createDraft': async (ctx: Context, input: ChannelInput<'records.createDraft'>) => {
    const { log, actor } = caseLogOf(ctx)
    const { entry, open } = await log.find(input.disputeId)
    if (!open) throw new AppError('dispute-closed', `${entry.dispute.reference} is closed: new contacts cannot be logged on it.`)
    const record = createDraft(input.draft, { id: newId(), disputeId: input.disputeId, author: actor, now: ctx.now() })
    await log.saveRecord(record, { action: 'record-drafted', subject: entry.dispute.reference, summary: `Draft started: ${recordLabel(record)}` })
    return recordView(record)
  },

  'records.updateDraft': async (ctx: Context, input: ChannelInput<'records.updateDraft'>) =>
    withRecord(ctx, input.disputeId, input.recordId, { action: 'record-edited', summary: (r) => `Draft edited: ${recordLabel(r)}` }, (r) => updateDraft(r, input.changes, { now: ctx.now() }), { openOnly: true }),

  'records.approve': async (ctx: Context, input: ChannelInput<'records.approve'>) => {
    const { actor } = caseLogOf(ctx)
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'record-approved', summary: (r) => `Approved: ${recordLabel(r)}` }, (r) => approveRecord(r, actor, { now: ctx.now() }), { openOnly: true })
  },

  'records.countersign': async (ctx: Context, input: ChannelInput<'records.countersign'>) => {
    const { vault } = requireSession(ctx)
    const person = vault.people().find((p) => p.personId === input.personId)
    if (!person) throw new AppError('person-not-found', 'Choose who is countersigning.', { field: 'personId' })
    if (!(await vault.verifyPassphrase(input.personId, input.passphrase)))
      throw new AppError('wrong-passphrase', `That is not ${person.name}’s passphrase.`, { field: 'passphrase' })
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'record-countersigned', summary: (r) => `Countersigned by ${person.name}: ${recordLabel(r)}` }, (r) => countersign(r, { personId: person.personId, name: person.name }, { now: ctx.now() }), { openOnly: false })
  },

  'records.addAddendum': async (ctx: Context, input: ChannelInput<'records.addAddendum'>) => {
    const { actor } = caseLogOf(ctx)
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'addendum-added', summary: (r) => `Addendum added: ${recordLabel(r)}` }, (r) => addAddendum(r, input.addendum, actor, { id: newId(), now: ctx.now() }), { openOnly: false })
  },

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
    const { entry, open } = await log.find(input.disputeId)
    const today = civilDateInLondon(ctx.now())
    const children = await log.children()
    const kids = entry.dispute.childIds.map((id) => own(children, id) ?? { dateOfBirth: null })
    const status = reviewStatus(kids, entry.retention, { yearsAfterYoungestBirth: session.settings.retentionYears }, today)
    const decision = decideRetention(input, { today, now: nowIso(ctx), by: actorName(ctx), status, disputeOpen: open })
    const reference = entry.dispute.reference
    if (decision.decision === 'retain')
      await log.recordRetention(input.disputeId, decision, { action: 'retention-retained', subject: reference, summary: `Kept at review until ${decision.retainUntil}: ${decision.reason}` })
    else
      await log.disposeDispute(
        input.disputeId,
        { reference, at: decision.decidedAt, by: decision.decidedBy, reason: decision.reason },
        { action: 'retention-disposed', subject: reference, summary: `Disposed of at review: ${decision.reason}` },
      )
    return { done: true as const }
  },

  'search.query': async (ctx: Context, input: ChannelInput<'search.query'>) =>
    input.query.trim() ? requireSession(ctx).search.search(input.query, input.limit ?? 50) : [],

  'records.drafts': async (ctx: Context) => {
    const { log } = caseLogOf(ctx)
    return log.openEntries().flatMap((e) =>
      e.drafts.map((d) => ({ disputeId: e.dispute.id, reference: e.dispute.reference, recordId: d.id, label: d.label })),
    )
  },
}
