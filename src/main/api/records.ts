/** Contact records through the handler table: drafts, approval, countersignature, addenda, and the drafts list. */
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelParsed } from '../../shared/ipc'
import type { ContactRecord } from '../../shared/records'
import type { RecordView } from '../../shared/views'
import { addAddendum, approveRecord, askCountersignature, countersign, createDraft, recordLabel, retrospection, updateDraft } from '../domain/records'
import { newId } from '../caselog'
import { teamApprovalRefusal } from '../caselog/team-apply'
import { caseLogOf, signerFor } from './case-session'
import { requireSession, type Context } from './context'
import { teamNotesView } from './team-notes-view'
import { teamBridges } from './team-sessions'

export function recordView(record: ContactRecord): RecordView {
  const late = retrospection(record)
  return { ...record, label: recordLabel(record), retrospective: late.retrospective, retrospectiveNote: late.note }
}

/**
 * An open dispute's records for a list across disputes; none for one whose document turns out damaged when its
 * records are first read (caselog/dispute-form.ts): the dashboard lists that one as unreadable from then on.
 */
/** The drafts of a dispute that a colleague set aside (a team vault), each with the latest setting aside: by whom, when, why. */
async function setAsideDrafts(ctx: Context, log: ReturnType<typeof caseLogOf>['log'], disputeId: string): Promise<Map<string, { byName: string; at: string; reason: string }>> {
  const doc = await log.disputeDocOf(disputeId).catch(() => null)
  if (!doc?.team?.records.some((r) => r.conflicts.includes('set-aside'))) return new Map()
  const notes = await teamNotesView(ctx, log, doc, undefined)
  return new Map((notes?.records ?? []).flatMap((r) => (r.conflicts.includes('set-aside') && r.setAside.length > 0 ? [[r.recordId, r.setAside.at(-1) as { byName: string; at: string; reason: string }] as const] : [])))
}

async function readableRecords(log: ReturnType<typeof caseLogOf>['log'], disputeId: string): Promise<ContactRecord[]> {
  try {
    return await log.records(disputeId)
  } catch (error) {
    if (error instanceof AppError && error.code === 'document-invalid') return []
    throw error
  }
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

export const recordHandlers = {
  'records.createDraft': async (ctx: Context, input: ChannelParsed<'records.createDraft'>) => {
    const { log, actor } = caseLogOf(ctx)
    const { entry, open } = await log.find(input.disputeId)
    if (!open) throw new AppError('dispute-closed', `${entry.dispute.reference} is closed: new contacts cannot be logged on it.`)
    const record = createDraft(input.draft, { id: newId(), disputeId: input.disputeId, author: actor, now: ctx.now() })
    await log.saveRecord(record, { action: 'record-drafted', subject: entry.dispute.reference, summary: `Draft started: ${recordLabel(record)}` })
    return recordView(record)
  },

  'records.updateDraft': async (ctx: Context, input: ChannelParsed<'records.updateDraft'>) =>
    withRecord(ctx, input.disputeId, input.recordId, { action: 'record-edited', summary: (r) => `Draft edited: ${recordLabel(r)}` }, (r) => updateDraft(r, input.changes, { now: ctx.now() }), { openOnly: true }),

  'records.approve': async (ctx: Context, input: ChannelInput<'records.approve'>) => {
    const { log, actor } = caseLogOf(ctx)
    // Two versions of the draft saved on two devices at once (a team vault): a person picks first.
    const doc = await log.disputeDocOf(input.disputeId)
    const held = doc ? teamApprovalRefusal(doc, input.recordId) : null
    if (held) throw held
    // A colleague's draft taken over (a team vault) may be approved by whoever took it over.
    const takenOverBy = teamBridges.get(requireSession(ctx))?.owners(input.disputeId, input.recordId) ?? []
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'record-approved', summary: (r) => `Approved: ${recordLabel(r)}` }, (r) => approveRecord(r, actor, { now: ctx.now(), takenOverBy }), { openOnly: true })
  },

  // Each person countersigns in their own session: the signer is whoever unlocked, never a person chosen
  // on someone else's screen, so nobody types another's passphrase.
  'records.countersign': async (ctx: Context, input: ChannelInput<'records.countersign'>) => {
    const { actor } = caseLogOf(ctx)
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'record-countersigned', summary: (r) => `Countersigned by ${actor.name}: ${recordLabel(r)}` }, (r) => countersign(r, actor, { now: ctx.now() }), { openOnly: false })
  },

  'records.askCountersignature': async (ctx: Context, input: ChannelInput<'records.askCountersignature'>) => {
    const session = requireSession(ctx)
    const { actor } = caseLogOf(ctx)
    const person = session.vault.people().find((p) => p.personId === input.personId)
    if (!person) throw new AppError('person-not-found', 'Choose who is to countersign: only people who can unlock this vault can.', { field: 'personId' })
    const asked = signerFor(session, person)
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'countersignature-asked', summary: (r) => `Countersignature asked of ${asked.name}: ${recordLabel(r)}` }, (r) => askCountersignature(r, asked, actor, { now: ctx.now() }), { openOnly: false })
  },

  'records.countersignaturesAsked': async (ctx: Context) => {
    const { log, actor } = caseLogOf(ctx)
    const out = []
    for (const e of log.openEntries())
      for (const r of await readableRecords(log, e.dispute.id))
        if (r.countersignatureAsk?.personId === actor.personId && r.countersignature === null)
          out.push({ disputeId: e.dispute.id, reference: e.dispute.reference, recordId: r.id, label: recordLabel(r), askedByName: r.countersignatureAsk.byName, askedAt: r.countersignatureAsk.askedAt })
    return out
  },

  'records.addAddendum': async (ctx: Context, input: ChannelInput<'records.addAddendum'>) => {
    const { actor } = caseLogOf(ctx)
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'addendum-added', summary: (r) => `Addendum added: ${recordLabel(r)}` }, (r) => addAddendum(r, input.addendum, actor, { id: newId(), now: ctx.now() }), { openOnly: false })
  },

  // The signed-in person's own drafts: only the author can approve a draft.
  'records.drafts': async (ctx: Context) => {
    const { log, actor } = caseLogOf(ctx)
    const out = []
    for (const e of log.openEntries()) {
      if (e.drafts.length === 0) continue
      const mine = new Set((await readableRecords(log, e.dispute.id)).filter((r) => r.author.personId === actor.personId).map((r) => r.id))
      const aside = await setAsideDrafts(ctx, log, e.dispute.id)
      for (const d of e.drafts) {
        if (!mine.has(d.id)) continue
        const setAside = d.status === 'set-aside' ? (aside.get(d.id) ?? null) : undefined
        out.push({ disputeId: e.dispute.id, reference: e.dispute.reference, recordId: d.id, label: d.label, ...(setAside !== undefined ? { setAside } : {}) })
      }
    }
    return out
  },
}
