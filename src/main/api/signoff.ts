/**
 * Signed-off records out to the child's file, and checking documents (issue 21): a record or a stage as a
 * Word document (signed like every Word export, in saveAs), a record as text on the clipboard for CPOMS or
 * MyConcern, the organisation key for Settings, and "Verify a document".
 */
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import type { ChannelInput, ChannelOutput } from '../../shared/ipc'
import { recordLabel } from '../domain/records'
import { signedOffRecord, stageSelection } from '../domain/signoff'
import { childFileText } from '../exports/child-file-text'
import { recordStageName } from '../exports/blocks'
import { recordExport } from '../exports/record-export'
import { stageExport } from '../exports/stage-export'
import { MAX_FILE_BYTES, readDocxParts } from '../exports/verify/read-parts'
import { verifyParts, type TrustedVault } from '../exports/verify/verify'
import { suggestedFileName } from '../exports/wording'
import { normaliseFingerprint, orgKeyFingerprint } from '../store/org-key'
import { vaultReadOnly } from '../store'
import { requireSession, type Context } from './context'
import { exportOptions, loadDispute, saveAs } from './export-handlers'
import { requireRecentPassphrase } from './reauth'
import { CLIPBOARD_CLEAR_MS, copyForAWhile } from './signoff-clipboard'
import { addHolder, currentOrgKey, orgKeyView } from './signoff-keys'

const DOCX_FILTER = [{ name: 'Word document', extensions: ['docx'] }]

export const signoffHandlers = {
  'signoff.exportRecord': async (ctx: Context, input: ChannelInput<'signoff.exportRecord'>) => {
    const { dispute, policy, records, children } = await loadDispute(ctx, input.disputeId)
    const record = signedOffRecord(records, input.recordId)
    const bytes = await recordExport({ dispute, policy, record, children }, exportOptions(ctx))
    const label = recordLabel(record)
    const savedTo = await saveAs(ctx, suggestedFileName(dispute.reference, 'contact record', 'docx'), DOCX_FILTER, bytes, (savedAs) => ({
      action: 'export',
      subject: dispute.reference,
      summary: `Exported the signed-off record of the ${label.replace(/^./, (c) => c.toLowerCase())} as a Word document (${savedAs})`,
    }))
    return { savedTo }
  },

  'signoff.exportStage': async (ctx: Context, input: ChannelInput<'signoff.exportStage'>) => {
    const { dispute, policy, records: all, children, calendar, setAside } = await loadDispute(ctx, input.disputeId)
    // A draft a colleague set aside is not part of the record: not on the file, and not awaiting approval.
    const records = all.filter((r) => !setAside.has(r.id))
    const selection = stageSelection(dispute, records, input.stage)
    const name = recordStageName(policy, input.stage)
    const bytes = await stageExport({ dispute, policy, records, children, stage: input.stage, calendar }, exportOptions(ctx))
    const savedTo = await saveAs(ctx, suggestedFileName(dispute.reference, name.split(' — ')[0], 'docx'), DOCX_FILTER, bytes, (savedAs) => ({
      action: 'export',
      subject: dispute.reference,
      summary: `Exported ${name} with its ${selection.approved.length} approved record${selection.approved.length === 1 ? '' : 's'} as a Word document (${savedAs})${selection.drafts > 0 ? `; ${selection.drafts} draft${selection.drafts === 1 ? ' was' : 's were'} left out` : ''}`,
    }))
    return { savedTo }
  },

  'signoff.copyRecord': async (ctx: Context, input: ChannelInput<'signoff.copyRecord'>): Promise<ChannelOutput<'signoff.copyRecord'>> => {
    const session = requireSession(ctx)
    if (session.vault.readOnly !== null) throw vaultReadOnly(session.vault.readOnly, 'Copying is refused too, because every copy must be recorded in the audit trail, which cannot be written.')
    const clipboard = ctx.deps.clipboard
    if (!clipboard) throw new AppError('clipboard-unavailable', 'The clipboard is not available here.')
    const { dispute, policy, records } = await loadDispute(ctx, input.disputeId)
    const record = signedOffRecord(records, input.recordId)
    requireRecentPassphrase(ctx, session, 'copy a record out of the vault')
    const text = childFileText({ dispute, policy, record })
    // Recorded first: a copy that cannot be audited is never made.
    await session.caselog.recordExport({
      action: 'export',
      subject: dispute.reference,
      summary: `Copied the record of the ${recordLabel(record).replace(/^./, (c) => c.toLowerCase())} for the child’s file (the clipboard is cleared after two minutes)`,
    })
    copyForAWhile(ctx, clipboard, text)
    return { clearsAt: new Date(ctx.now().getTime() + CLIPBOARD_CLEAR_MS).toISOString(), characters: text.length }
  },

  'signoff.orgKey': async (ctx: Context) => {
    const session = requireSession(ctx)
    return orgKeyView(session, await currentOrgKey(session, ctx.now().toISOString()))
  },

  'signoff.addHolder': async (ctx: Context, input: ChannelInput<'signoff.addHolder'>) => {
    const session = requireSession(ctx)
    requireRecentPassphrase(ctx, session, 'give someone the organisation key')
    return orgKeyView(session, await addHolder(session, input.personId, ctx.now().toISOString()))
  },

  /** Works with the vault locked too, given a fingerprint: any copy of the app can check a document. */
  'signoff.verify': async (ctx: Context, input: ChannelInput<'signoff.verify'>): Promise<ChannelOutput<'signoff.verify'>> => {
    let file = input.file
    if (file === null) {
      const choose = ctx.deps.chooseOpenFile
      if (!choose) throw new AppError('verify-file-unreadable', 'Choosing a file is not available here.')
      file = await choose(DOCX_FILTER)
      if (!file) return null
    }
    let bytes: Buffer
    try {
      const size = (await stat(file)).size
      if (size > MAX_FILE_BYTES) throw new AppError('verify-file-too-large', 'This file is too large to be an exported document (over 30 MB).')
      bytes = await readFile(file)
    } catch (error) {
      if (error instanceof AppError) throw error
      throw new AppError('verify-file-unreadable', `${basename(file)} could not be read. Check it is still there and try again.`)
    }
    const trusted: TrustedVault[] = []
    const session = ctx.session && !ctx.session.vault.locked ? ctx.session : null
    let current: { vaultId: string; personIds: string[] } | undefined
    if (session) {
      const doc = await session.caselog.orgKey()
      if (doc) trusted.push({ fingerprint: orgKeyFingerprint(doc.publicKey), label: 'this vault' })
      current = { vaultId: session.vault.vaultId, personIds: session.vault.people().map((p) => p.personId) }
    }
    const given = input.fingerprint ? normaliseFingerprint(input.fingerprint) : ''
    if (given !== '') trusted.push({ fingerprint: given, label: 'the vault whose fingerprint you entered' })
    const report = verifyParts(await readDocxParts(bytes), { trusted, ...(current ? { current } : {}) })
    return { ...report, fileName: basename(file) }
  },
}
