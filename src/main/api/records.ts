/** Contact records through the handler table: drafts, approval, countersignature, addenda, and the drafts list. */
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelParsed } from '../../shared/ipc'
import type { ContactRecord } from '../../shared/records'
import type { RecordView } from '../../shared/views'
import { addAddendum, approveRecord, countersign, createDraft, recordLabel, retrospection, updateDraft } from '../domain/records'
import { newId } from '../caselog'
import { caseLogOf, signerFor } from './case-session'
import { requireSession, type Context } from './context'

export function recordView(record: ContactRecord): RecordView {
  const late = retrospection(record)
  return { ...record, label: recordLabel(record), retrospective: late.retrospective, retrospectiveNote: late.retrospective ? late.note : null }
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
    const { actor } = caseLogOf(ctx)
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'record-approved', summary: (r) => `Approved: ${recordLabel(r)}` }, (r) => approveRecord(r, actor, { now: ctx.now() }), { openOnly: true })
  },

  'records.countersign': async (ctx: Context, input: ChannelInput<'records.countersign'>) => {
    const session = requireSession(ctx)
    const { vault } = session
    const person = vault.people().find((p) => p.personId === input.personId)
    if (!person) throw new AppError('person-not-found', 'Choose who is countersigning.', { field: 'personId' })
    if (!(await vault.verifyPassphrase(input.personId, input.passphrase)))
      throw new AppError('wrong-passphrase', `That is not ${person.name}’s passphrase.`, { field: 'passphrase' })
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'record-countersigned', summary: (r) => `Countersigned by ${person.name}: ${recordLabel(r)}` }, (r) => countersign(r, signerFor(session, person), { now: ctx.now() }), { openOnly: false })
  },

  'records.addAddendum': async (ctx: Context, input: ChannelInput<'records.addAddendum'>) => {
    const { actor } = caseLogOf(ctx)
    return withRecord(ctx, input.disputeId, input.recordId, { action: 'addendum-added', summary: (r) => `Addendum added: ${recordLabel(r)}` }, (r) => addAddendum(r, input.addendum, actor, { id: newId(), now: ctx.now() }), { openOnly: false })
  },

  'records.drafts': async (ctx: Context) => {
    const { log } = caseLogOf(ctx)
    return log.openEntries().flatMap((e) =>
      e.drafts.map((d) => ({ disputeId: e.dispute.id, reference: e.dispute.reference, recordId: d.id, label: d.label })),
    )
  },
}
