/**
 * Word exports, email drafts and the quarterly figures, through the handler table. The documents are
 * built by src/main/exports from what the domain says; this file loads the values, asks where to save
 * (the save dialog), writes the file and records an audit event. An exported file is not encrypted: the
 * screen warns once (exports.acknowledgeWarning), and every export is in the audit trail.
 */
import { unlink, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import type { ChannelInput } from '../../shared/ipc'
import type { Child } from '../../shared/children'
import { CHILD_IDENTIFIERS, type ChildIdentifier, IDENTIFIER_LABELS, identifiersInWords, identifiersLeftOut } from '../../shared/identifiers'
import type { Policy } from '../../shared/policy'
import { chosenNoticeIdentifiers, noticeIdentifierDefault } from '../domain/notice-identifiers'
import { stageNameInSentence } from '../../shared/policy-words'
import { civilDateInLondon } from '../domain/calendar'
import { disputeStatus } from '../domain/disputes'
import { quarterlyFigures, sharedStageWord, type QuarterNumber } from '../domain/reports'
import { figuresFromCounts } from '../domain/quarter-counts'
import { type FinancialQuarterNumber, quarterlyReturn } from '../domain/quarterly-return'
import { quarterlyReturnCsv, quarterlyReturnDocument } from '../exports/quarterly-return'
import {
  escalationRecord,
  findNotification,
  meetingPack,
  notificationDocument,
  notificationEmail,
  outcomeDocument,
  rapidResolutionLog,
  trendsReport,
  type ExportOptions,
} from '../exports'
import { notificationFileWhat, suggestedFileName } from '../exports/wording'
import { childrenOfQuarter, countsOf, disputesOfQuarter, gateViews, own, wholeVaultFor } from '../caselog'
import { vaultReadOnly } from '../store'
import { policyOfDispute } from './case-session'
import { askWhileUnlocked, assertStillCurrent, requireSession, type Context } from './context'
import { requireRecentPassphrase } from './reauth'
import { assertNotHeld } from './seen-positions'
import { signExport } from './signoff-sign'

const DOCX_FILTER = [{ name: 'Word document', extensions: ['docx'] }]
const EML_FILTER = [{ name: 'Email draft', extensions: ['eml'] }]
const CSV_FILTER = [{ name: 'CSV for Excel', extensions: ['csv'] }]

export function exportOptions(ctx: Context): ExportOptions {
  const session = requireSession(ctx)
  const profile = session.settings.profiles[session.vault.person.personId]
  // The name is the vault's (as records are signed), never the profile's; the role is the one the vault
  // holds, else the role the person gave in their profile; agency and contact details are the profile's.
  const role = session.settings.people[session.vault.person.personId]?.role ?? profile?.role
  return {
    now: ctx.now().toISOString(),
    exportedBy: {
      name: session.vault.person.name,
      ...(role ? { role } : {}),
      ...(profile?.agency ? { agency: profile.agency } : {}),
      ...(profile?.agencyDetails ? { agencyDetails: profile.agencyDetails } : {}),
      ...(profile?.contactDetails ? { contactDetails: profile.contactDetails } : {}),
    },
  } as ExportOptions
}

/** A file name that says what it is and carries no child's name (file names travel in email lists). */
const fileName = suggestedFileName

const EXPORT_REFUSED = 'Exports are refused too, because every export must be recorded in the audit trail, which cannot be written.'

export type ExportEvent = { action: 'export'; subject?: string; summary: string }

/**
 * Asks where to save, writes the file and records the export in the audit trail. The save dialog may stay
 * open while the vault locks: an answer that comes after the lock writes nothing. A file whose audit event
 * cannot be written (the lock came while it was being written) is removed again, because every
 * unencrypted copy must be in the audit trail.
 */
export async function saveAs(
  ctx: Context,
  suggested: string,
  filters: { name: string; extensions: string[] }[],
  bytes: Uint8Array,
  event: (savedAs: string) => ExportEvent,
): Promise<string | null> {
  const session = requireSession(ctx)
  // Refused before anything is written: an export must be in the audit trail, which cannot be written.
  if (session.vault.readOnly !== null) throw vaultReadOnly(session.vault.readOnly, EXPORT_REFUSED)
  assertNotHeld(session, 'Exports are')
  requireRecentPassphrase(ctx, session, 'save a copy that is not encrypted')
  const choose = ctx.deps.chooseSaveFile
  if (!choose) throw new AppError('export-unavailable', 'Saving files is not available here.')
  const path = await askWhileUnlocked(ctx, session, () => choose(suggested, filters))
  if (!path) return null
  // Every Word export carries a verification block signed by the person exporting it (issue 21).
  const signed = suggested.endsWith('.docx') ? await signExport(session, ctx.now().toISOString(), bytes) : null
  if (signed) bytes = signed.bytes
  try {
    await writeFile(path, bytes)
  } catch {
    throw new AppError('export-write-failed', `The file could not be saved to ${basename(path)}. Choose another folder and try again.`)
  }
  try {
    assertStillCurrent(ctx, session)
    const recorded = event(basename(path))
    await session.caselog.recordExport(signed ? { ...recorded, summary: `${recorded.summary} — verification code ${signed.code}` } : recorded)
  } catch (error) {
    await unlink(path).catch(() => undefined)
    throw error
  }
  return path
}

export async function loadDispute(ctx: Context, disputeId: string) {
  const { caselog: log } = requireSession(ctx)
  const { entry } = await log.find(disputeId)
  const dispute = entry.dispute
  const policy = policyOfDispute(log, dispute)
  const records = await log.records(disputeId)
  const all = await log.children()
  const children = dispute.childIds.map((id) => own(all, id)).filter((c): c is Child => c !== undefined)
  const calendar = log.calendar()
  const gates = gateViews(records, (await log.disputeDocOf(disputeId))?.team)
  const status = disputeStatus(dispute, { policy, calendar, now: ctx.now().toISOString(), records: gates })
  // Drafts a colleague set aside (a team vault): kept, but not part of the record and not awaiting approval.
  const setAside: ReadonlySet<string> = new Set(gates.filter((g) => g.status === 'set-aside').map((g) => g.id))
  return { log, dispute, policy, records, children, status, calendar, setAside }
}

const TITLES = {
  'escalation-record': 'escalation record',
  'rapid-resolution-log': 'rapid-resolution log',
  'meeting-pack': 'final meeting pack',
  outcome: 'outcome',
  notification: 'notification',
} as const

/**
 * The identifiers a notice carries (the DSL's choice, else the policy's default) and the words the audit
 * trail records of that choice: which identifiers, never their values.
 */
function noticeChoice(policy: Policy, notificationId: string, chosen: readonly ChildIdentifier[] | undefined) {
  const identifiers = chosenNoticeIdentifiers(policy, notificationId, chosen)
  const leftOut = identifiersLeftOut(identifiers)
  const words = `giving each child’s ${identifiersInWords(identifiers)}${leftOut ? ` (left out: ${leftOut})` : ''}${chosen === undefined ? ', as the policy suggests' : ''}`
  return { identifiers, words }
}

export const exportHandlers = {
  'exports.noticeIdentifiers': async (ctx: Context, input: ChannelInput<'exports.noticeIdentifiers'>) => {
    const { dispute, policy } = await loadDispute(ctx, input.disputeId)
    const owed = findNotification(dispute, policy, input.notificationId, input.stage)
    const byDefault = noticeIdentifierDefault(policy, owed.notificationId)
    return {
      choices: CHILD_IDENTIFIERS.map((id) => ({ id, label: IDENTIFIER_LABELS[id], byDefault: byDefault.identifiers.includes(id) })),
      defaultFrom: byDefault.from,
    }
  },

  'exports.acknowledgeWarning': async (ctx: Context) => {
    const session = requireSession(ctx)
    if (!session.settings.exportWarningAcknowledged) {
      const next = { ...session.settings, exportWarningAcknowledged: true }
      await session.caselog.saveSettings(next, { action: 'settings', summary: 'Acknowledged that exported files are not encrypted' })
    }
    return { acknowledged: true as const }
  },

  'exports.document': async (ctx: Context, input: ChannelInput<'exports.document'>) => {
    const { dispute, policy, records, children, status, calendar, setAside } = await loadDispute(ctx, input.disputeId)
    const options = exportOptions(ctx)
    let bytes: Buffer
    let what: string = TITLES[input.document]
    let carries = ''
    switch (input.document) {
      case 'escalation-record':
        bytes = await escalationRecord({ dispute, status, records, setAside, children, policy, calendar }, options)
        break
      case 'rapid-resolution-log':
        bytes = await rapidResolutionLog({ dispute, status, records, setAside, children, policy, calendar }, options)
        break
      case 'meeting-pack': {
        // The meeting as held in the app; what was typed on the export screen only where none is arranged.
        const meeting = await requireSession(ctx).caselog.meeting(dispute.id)
        bytes = await meetingPack({ dispute, status, records, setAside, children, policy, calendar, meeting, ...(input.meeting ? { arrangement: input.meeting } : {}) } as Parameters<typeof meetingPack>[0], options)
        const final = stageNameInSentence(policy, policy.stages[policy.stages.length - 1].number)
        what = meeting?.signOff || dispute.status !== 'open' ? `record of the ${final} meeting` : `${final} meeting pack`
        break
      }
      case 'outcome':
        bytes = await outcomeDocument({ dispute, policy, children, records }, options)
        break
      case 'notification': {
        if (!input.notificationId) throw new AppError('notification-missing', 'Choose which notification to prepare.', { field: 'notificationId' })
        const choice = noticeChoice(policy, input.notificationId, input.identifiers)
        carries = `, ${choice.words}`
        bytes = await notificationDocument({ dispute, policy, children, records, setAside, calendar, notificationId: input.notificationId, identifiers: choice.identifiers, ...(input.stage ? { stage: input.stage } : {}) }, options)
        // Different for every recipient and stage: "Orange notification stage 1", "notification to SSCP Business Manager stage 2".
        what = notificationFileWhat(policy, input.notificationId, findNotification(dispute, policy, input.notificationId, input.stage).stage)
        break
      }
    }
    const savedTo = await saveAs(ctx, fileName(dispute.reference, what, 'docx'), DOCX_FILTER, bytes, (savedAs) => ({
      action: 'export',
      subject: dispute.reference,
      summary: `Exported the ${what} as a Word document (${savedAs})${carries}`,
    }))
    return { savedTo }
  },

  'exports.email': async (ctx: Context, input: ChannelInput<'exports.email'>) => {
    const { dispute, policy, records, children, calendar, setAside } = await loadDispute(ctx, input.disputeId)
    const options = exportOptions(ctx)
    const choice = noticeChoice(policy, input.notificationId, input.identifiers)
    const doc = await notificationDocument({ dispute, policy, children, records, setAside, calendar, notificationId: input.notificationId, identifiers: choice.identifiers, ...(input.stage ? { stage: input.stage } : {}) }, options)
    const what = notificationFileWhat(policy, input.notificationId, findNotification(dispute, policy, input.notificationId, input.stage).stage)
    const attachmentName = fileName(dispute.reference, what, 'docx')
    const eml = notificationEmail({ dispute, policy, children, notificationId: input.notificationId, document: doc, filename: attachmentName, senderName: options.exportedBy.name, now: options.now })
    const savedTo = await saveAs(ctx, fileName(dispute.reference, `${what} email`, 'eml'), EML_FILTER, eml, (savedAs) => ({
      action: 'export',
      subject: dispute.reference,
      summary: `Prepared an email draft with the ${what} (${savedAs}), ${choice.words}`,
    }))
    return { savedTo }
  },

  'reports.quarterly': async (ctx: Context, input: ChannelInput<'reports.quarterly'>) => {
    const { caselog: log } = requireSession(ctx)
    // From the quarter's counts and the totals, kept current by each save: a few KB, never the quarter's facts.
    const { key, figures, totals } = await log.quarterFigures(input.year, input.quarter)
    const policies = log.policies()
    const wholeVault = wholeVaultFor(totals, key, input.policyId)
    return figuresFromCounts(countsOf(figures, input.policyId), {
      year: input.year,
      quarter: input.quarter as QuarterNumber,
      calendar: log.calendar(),
      now: ctx.now().toISOString(),
      policies,
      stageWord: sharedStageWord(wholeVault.policies, policies),
      openAtQuarterEnd: wholeVault.openAtQuarterEnd,
    })
  },

  'exports.trends': async (ctx: Context, input: ChannelInput<'exports.trends'>) => {
    const { caselog: log } = requireSession(ctx)
    const policies = log.policies()
    const partnership = input.policyId ? (policies.find((p) => p.id === input.policyId)?.partnership ?? input.policyId) : 'All partnerships'
    const all = (await log.quarterlyFacts()).disputes.filter((d) => !input.policyId || d.policy.id === input.policyId)
    const now = ctx.now().toISOString()
    const figuresFor = (year: number, quarter: number) =>
      quarterlyFigures(all, undefined, { year, quarter: quarter as QuarterNumber, calendar: log.calendar(), now, policies })
    const earlier = [3, 2, 1].map((back) => {
      const index = input.year * 4 + (input.quarter - 1) - back
      return figuresFor(Math.floor(index / 4), (index % 4) + 1)
    })
    // The records figures (approved, recorded retrospectively) count contacts in the quarter: only the
    // disputes open at some time in the quarter can hold them, so only their records are read.
    const bounds = figuresFor(input.year, input.quarter)
    const active = all.filter((d) => civilDateInLondon(d.openedAt) <= bounds.to && (d.closedAt === null || civilDateInLondon(d.closedAt) >= bounds.from))
    const records = (await Promise.all(active.map((d) => log.records(d.id)))).flat()
    const figures = quarterlyFigures(all, records, { year: input.year, quarter: input.quarter as QuarterNumber, calendar: log.calendar(), now, policies })
    const bytes = await trendsReport({ partnership, figures, earlier }, exportOptions(ctx))
    const savedTo = await saveAs(ctx, suggestedFileName('Escalations', `${figures.label} ${civilDateInLondon(now)}`, 'docx'), DOCX_FILTER, bytes, () => ({
      action: 'export',
      summary: `Exported the quarterly trends report for ${figures.label}`,
    }))
    return { savedTo }
  },

  'exports.quarterlyReturn': async (ctx: Context, input: ChannelInput<'exports.quarterlyReturn'>) => {
    const session = requireSession(ctx)
    const log = session.caselog
    const policies = log.policies()
    const partnership = input.policyId ? (policies.find((p) => p.id === input.policyId)?.partnership ?? input.policyId) : 'All partnerships'
    // A financial quarter is a calendar quarter: Q1 (April to June) is the calendar year's second; Q4 the next year's first.
    const { quarter } = input.quarter === 4 ? await log.quarterFacts(input.startYear + 1, 1) : await log.quarterFacts(input.startYear, input.quarter + 1)
    const all = disputesOfQuarter(quarter, input.policyId)
    const options = exportOptions(ctx)
    const figures = quarterlyReturn(all, {
      startYear: input.startYear,
      quarter: input.quarter as FinancialQuarterNumber,
      calendar: log.calendar(),
      now: options.now,
      policies,
      children: childrenOfQuarter(quarter),
      ownAgency: options.exportedBy.agency ?? null,
    })
    const bytes = input.format === 'csv' ? quarterlyReturnCsv({ partnership, figures }) : await quarterlyReturnDocument({ partnership, figures }, options)
    const kind = input.format === 'csv' ? 'a CSV file' : 'a Word document'
    const savedTo = await saveAs(ctx, suggestedFileName('Quarterly return', figures.label.replace('/', '-'), input.format), input.format === 'csv' ? CSV_FILTER : DOCX_FILTER, bytes, (savedAs) => ({
      action: 'export',
      summary: `Exported the quarterly return for ${figures.label} (${partnership}) as ${kind} (${savedAs})`,
    }))
    return { savedTo }
  },
}
