/**
 * The one contract between the renderer and the main process: for each channel, a zod schema of its
 * input and of its output. The main process parses every input with these schemas before any domain
 * code sees it; the renderer gets its types from here. Adding a channel: add it here, add its handler
 * in src/main/api, and add its name to CHANNEL_NAMES in ./channels (a unit test keeps the two in step).
 */
import { z } from 'zod'
import { Child, ChildInput } from './children'
import { CivilDate } from './dates'
import { DirectoryEntry, DirectoryEntryInput, emailProblem } from './directory'
import {
  CorrectCircumstanceInput,
  Deadline,
  EscalateInput,
  NotificationNotNeededInput,
  OpenDisputeInput,
  RecordNotificationInput,
  RecordStepDoneInput,
  SetStagePeopleInput,
  EnterRouteInput,
  HandOverInput,
  RequestOptionInput,
  ResolveInput,
  TriageInput,
  WithdrawInput,
} from './dispute'
import { DecisionRecordInput, MeetingAddendumInput, MeetingPlanInput, MeetingView } from './meetings'
import { ChildIdentifier, IdentifierChoice } from './identifiers'
import { nameProblem, normaliseName } from './names'
import { POLICY_FILE_LIMITS, Policy, PolicySummary } from './policy'
import { AddendumInput, ContactRecordChanges, ContactRecordDraftInput } from './records'
import { CountersignatureAskView, DashboardView, DisputeView, DraftView, QuarterlyFiguresView, RecordView } from './views'

/** A bounded string: every text input has a ceiling so a pasted novel cannot wedge the app. */
export const text = (max = 2000) => z.string().max(max, `must be at most ${max} characters`)
export const requiredText = (label: string, max = 200) =>
  z.string().trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`)
/** A person's name, role or agency as typed: NFC-normalised, refused with the reason from ./names. */
export const nameText = (label: string, max = 200) =>
  requiredText(label, max)
    .transform(normaliseName)
    .check((ctx) => {
      const problem = nameProblem(ctx.value, label)
      if (problem) ctx.issues.push({ code: 'custom', message: problem.message, input: ctx.value, params: { nameProblem: problem.code } })
    })

const Empty = z.object({}).strict()
const Passphrase = z.string().min(1, 'Enter a passphrase').max(1024, 'The passphrase is too long')
const VaultDir = z
  .string()
  .min(1, 'Choose a folder for the vault')
  .max(4096, 'That folder path is too long')
  .refine((p) => !p.includes('\0'), 'That folder path is not valid')
  // A full path only: a relative one would depend on where the app happened to start.
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'Choose a folder by its full path')

export const PersonSlot = z.object({ personId: z.string(), name: z.string() })
export type PersonSlot = z.infer<typeof PersonSlot>

export const Profile = z.object({
  name: requiredText('Your name', 120),
  role: requiredText('Your role', 120),
  agency: requiredText('Your agency', 200),
  defaultPartnership: text(120).optional(),
  /** St Helens forms' "Further agency details": type of school, or who a health professional is employed by. */
  agencyDetails: text(300).optional(),
  /** A phone number or email address for the forms' "Contact Details". */
  contactDetails: text(200).optional(),
  /** Their own email address: an email dropped on a dispute from this address is one they sent. */
  emailAddress: text(254).optional(),
})
export type Profile = z.infer<typeof Profile>
/** A profile as typed (vault.create, settings.update): the stored shape stays as it was, so older vaults still read. */
export const ProfileInput = Profile.extend({
  name: nameText('Your name', 120),
  role: nameText('Your role', 120),
  agency: nameText('Your agency', 200),
  emailAddress: text(254)
    .check((ctx) => {
      const problem = emailProblem(ctx.value)
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
    })
    .optional(),
})

/** Rolling backups: where, how many to keep, and how many audit events between two of them. */
export const BackupSettings = z.object({
  keep: z.number().int().min(1).max(100),
  /** null: `<vault folder>-backups` beside the vault folder. */
  folder: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'That folder path is not valid').nullable(),
  everyEvents: z.number().int().min(1).max(100_000),
})
export type BackupSettings = z.infer<typeof BackupSettings>

/**
 * What the vault holds about a person besides the name in their key slot: their role, set when they are
 * added ("DSL", "Deputy DSL"). Kept here because the key-slot header's format is not changed for it.
 * Records store the role as it was when they were signed; the profile's role is only a display preference.
 */
export const PersonDetails = z.object({ role: text(120).optional() })
export type PersonDetails = z.infer<typeof PersonDetails>

/** One event of the last .ics export of deadlines, kept so the next export keeps its UID or cancels it. */
export const CalendarExported = z.object({
  uid: z.string().max(300),
  disputeId: z.string().max(100),
  summary: z.string().max(400),
  deadline: Deadline,
  sequence: z.number().int().min(0),
  cancelled: z.boolean(),
})
export type CalendarExported = z.infer<typeof CalendarExported>

export const Settings = z.object({
  autoLockMinutes: z.number().int().min(1).max(240),
  profiles: z.record(z.string(), Profile),
  /** Each person's details as held in the vault, by person id (see PersonDetails). */
  people: z.record(z.string(), PersonDetails),
  exportWarningAcknowledged: z.boolean(),
  /** Review closed disputes this many years after the youngest child's date of birth. */
  retentionYears: z.number().int().min(1).max(125),
  /** Rolling backups; absent until changed (then the defaults of BackupSettings apply). */
  backups: BackupSettings.optional(),
  /** The last .ics export of deadlines (src/main/domain/calendar-export.ts); absent until the first. */
  calendarExport: z.object({ at: z.string(), events: z.array(CalendarExported).max(20_000) }).optional(),
})
export type Settings = z.infer<typeof Settings>

/** An email file's full path, as the preload found it for a dropped file (webUtils.getPathForFile). */
const EmailFile = z
  .string()
  .min(1, 'Choose the email file')
  .max(4096, 'That file path is too long')
  .refine((p) => !p.includes('\0'), 'That file path is not valid')

const BackupFile = z
  .string()
  .min(1, 'Choose the backup file')
  .max(4096, 'That file path is too long')
  .refine((p) => !p.includes('\0'), 'That file path is not valid')

export const BackupInfo = z.object({
  vaultId: z.string(),
  createdAt: z.string(),
  seq: z.number(),
  people: z.array(z.object({ personId: z.string(), name: z.string() })),
  files: z.number(),
  bytes: z.number(),
  /** Whether it is a backup of the vault that is unlocked; null when none is. */
  sameVault: z.boolean().nullable(),
})

export const BackupStatus = BackupSettings.extend({
  defaultFolder: z.string(),
  /** This vault's rolling backups in the folder, newest first. */
  recent: z.array(z.string()),
  lastError: z.string().nullable(),
})

/** Passphrases refused since the last unlock, counted outside the vault (advisory: a file anyone could delete). */
export const FailedUnlocks = z.object({ count: z.number().int().min(1), since: z.string(), last: z.string() })
export type FailedUnlocks = z.infer<typeof FailedUnlocks>

export const SessionInfo = z.object({
  vaultDir: z.string(),
  vaultId: z.string(),
  person: PersonSlot,
  profile: Profile.nullable(),
  autoLockMinutes: z.number(),
  problems: z.array(z.object({ docId: z.string(), message: z.string() })),
  /** Set when the vault's folder cannot be written to: the sentence for the read-only banner. */
  readOnly: z.string().nullable(),
  /**
   * What this computer remembers of the vault's audit trail, when it does not simply match: 'rolled-back'
   * (the folder is older than a state seen here, so it is open read-only until someone accepts it with
   * `vault.acceptRollback`), 'first-open' (this computer has not opened this vault before), 'unchecked'
   * (the record kept here could not be read or did not authenticate). Null when all is as last seen.
   */
  history: z.object({ state: z.enum(['rolled-back', 'first-open', 'unchecked']), message: z.string() }).nullable(),
  /** Only in the answer to the unlock that found them; they are then in the audit trail. */
  failedUnlocks: FailedUnlocks.optional(),
})
export type SessionInfo = z.infer<typeof SessionInfo>

/** A pending invitation as the unlock screen may see it (the header lists it in plain text; no secret in it). */
export const PendingInvitation = z.object({ inviteId: z.string(), name: z.string(), role: z.string().optional(), expiresAt: z.string() })
export type PendingInvitation = z.infer<typeof PendingInvitation>

/** A pending invitation as the DSL sees it in Settings. */
export const InvitationInfo = PendingInvitation.extend({
  createdAt: z.string(),
  createdByName: z.string(),
})
export type InvitationInfo = z.infer<typeof InvitationInfo>

/** When the vault's recovery key was made and by whom (the code itself is never stored). */
export const RecoveryKeyInfo = z.object({ createdAt: z.string(), createdByName: z.string() })
export type RecoveryKeyInfo = z.infer<typeof RecoveryKeyInfo>

/** How long an invitation's code works: a day, three days or a week. */
export const INVITATION_HOURS = [24, 72, 168] as const

/**
 * A one-time code as typed: an invitation's (K7QM-2XHP9W) or the recovery key (six groups of four). The
 * store ignores case, spaces and hyphens, so only the characters that could be part of one are admitted.
 */
const typedCode = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `That is too long to be ${label}`)
    .regex(/^[A-Za-z0-9\s-]+$/, `${label.charAt(0).toUpperCase()}${label.slice(1)} has only letters, numbers and hyphens`)

export const VaultInspection = z.discriminatedUnion('state', [
  z.object({ state: z.literal('absent'), dir: z.string() }),
  z.object({
    state: z.literal('present'),
    dir: z.string(),
    vaultId: z.string(),
    people: z.array(PersonSlot),
    invitations: z.array(PendingInvitation),
    hasRecoveryKey: z.boolean(),
    /** Who last unlocked this vault on this machine, to be chosen on the unlock screen. */
    lastPersonId: z.string().nullable().optional(),
  }),
  z.object({ state: z.literal('unreadable'), dir: z.string(), message: z.string() }),
])
export type VaultInspection = z.infer<typeof VaultInspection>

export const PassphraseStrength = z.object({
  score: z.number().int().min(0).max(4),
  acceptable: z.boolean(),
  label: z.string(),
  feedback: z.array(z.string()),
})
export type PassphraseStrength = z.infer<typeof PassphraseStrength>

export const AuditEntry = z.object({
  seq: z.number(),
  at: z.string(),
  personName: z.string(),
  action: z.string(),
  subject: z.string().optional(),
  summary: z.string(),
  /** Signed by its author (vault format 2); false for entries written before signing began. */
  signed: z.boolean(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const ChainVerification = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), events: z.number(), signedFrom: z.number().nullable() }),
  z.object({ ok: z.literal(false), firstBadSeq: z.number(), reason: z.string() }),
])

const Id = z.string().min(1, 'An id is required').max(100, 'That id is too long')
const disputeId = { disputeId: Id }
/** Transition inputs as the screen sends them: who acts is the person who unlocked, never sent. */
const NO_BY = { by: true } as const
const JsonFile = z.string().min(1, 'The file is empty').max(2_000_000, 'The file is too large to be a policy (over 2 MB)')
/**
 * A policy file's bytes, base64-encoded, so the main process decodes them itself (strictly, as UTF-8) and
 * a file in another encoding is refused rather than silently turned into "Partnership�s". The bound
 * admits files up to twice the policy limit so that the limit is refused with the file's size in words.
 */
const PolicyFileBytes = z
  .string()
  .max(Math.ceil((POLICY_FILE_LIMITS.bytes * 2) / 3) * 4, 'The file is too large to be a policy: a policy file can be at most 2 MB')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file was not sent as base64')
/** Directory entries made from a policy's contacts have longer ids ("policy:<policy id>:<contact id>"). */
const DirectoryId = z.string().min(1, 'An id is required').max(200, 'That id is too long')

export const CalendarView = z.object({
  source: z.enum(['bundled', 'imported']),
  bankHolidays: z.array(z.object({ title: z.string(), date: z.string() })),
  extraClosures: z.array(z.object({ date: z.string(), label: z.string() })),
  coverage: z.object({ from: z.string(), to: z.string() }).nullable(),
})
export type CalendarView = z.infer<typeof CalendarView>

/** A piece of a search result's snippet: plain text, marked where it matched (shown as <mark>, never as HTML). */
export const SnippetPart = z.object({ text: z.string(), marked: z.boolean() })
export type SnippetPart = z.infer<typeof SnippetPart>

export const SearchHit = z.object({
  kind: z.enum(['record', 'dispute', 'child', 'directory']),
  title: z.string(),
  detail: z.string(),
  disputeId: z.string().nullable(),
  id: z.string(),
  /** The passage that matched, with the matched words marked; null when the match is not in shown text. */
  snippet: z.array(SnippetPart).nullable().optional(),
})
export type SearchHit = z.infer<typeof SearchHit>

const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output })

export const contract = {
  'app.info': channel(
    Empty,
    z.object({ version: z.string(), defaultVaultDir: z.string(), lastVaultDir: z.string().nullable() }),
  ),
  'vault.inspect': channel(z.object({ dir: VaultDir }).strict(), VaultInspection),
  'vault.chooseFolder': channel(
    z.object({ purpose: z.enum(['create', 'open']) }).strict(),
    z.object({ dir: z.string().nullable() }),
  ),
  'vault.passphraseStrength': channel(
    z
      .object({
        passphrase: z.string().max(1024),
        /** What the screen knows of the person (the name and agency being typed), for the meter to count against it. */
        userInputs: z.array(z.string().max(300)).max(10).optional(),
      })
      .strict(),
    PassphraseStrength,
  ),
  'vault.create': channel(
    z
      .object({
        dir: VaultDir,
        passphrase: Passphrase,
        passphraseConfirm: z.string().max(1024),
        profile: ProfileInput,
      })
      .strict(),
    SessionInfo,
  ),
  'vault.unlock': channel(
    z.object({ dir: VaultDir, personId: z.string().min(1).max(64), passphrase: Passphrase }).strict(),
    SessionInfo,
  ),
  'vault.lock': channel(Empty, z.object({ locked: z.literal(true) })),
  'vault.session': channel(Empty, SessionInfo.nullable()),
  'vault.changePassphrase': channel(
    z.object({ current: Passphrase, next: Passphrase, nextConfirm: z.string().max(1024) }).strict(),
    z.object({ changed: z.literal(true) }),
  ),
  // Sensitive changes ask again (src/main/api/reauth.ts): the signed-in person's passphrase, at most every 5 minutes.
  'vault.confirmPassphrase': channel(
    z.object({ passphrase: Passphrase }).strict(),
    z.object({ confirmed: z.literal(true), forSeconds: z.number() }),
  ),
  // Keep an older copy of the vault that unlock found rolled back (src/main/api/seen-positions.ts); audited.
  'vault.acceptRollback': channel(Empty, SessionInfo),
  'session.activity': channel(Empty, z.object({ lockInSeconds: z.number() })),
  'settings.get': channel(Empty, Settings),
  'settings.update': channel(
    z
      .object({
        autoLockMinutes: z.number().int().min(1).max(240).optional(),
        retentionYears: z.number().int().min(1).max(125).optional(),
        profile: ProfileInput.optional(),
      })
      .strict(),
    Settings,
  ),
  // A person who has not yet opened the vault: the DSL invites them and gives them the one-time code in
  // person; they set their own passphrase on the unlock screen (vault.acceptInvitation). The code is in this
  // answer only, never stored.
  'vault.acceptInvitation': channel(
    z
      .object({
        dir: VaultDir,
        inviteId: z.string().min(1, 'Choose your name').max(64),
        code: typedCode('the code from your invitation', 40),
        passphrase: Passphrase,
        passphraseConfirm: z.string().max(1024),
      })
      .strict(),
    SessionInfo,
  ),
  // The recovery key: made (or replaced) and shown once; saved as a small text file through the save dialog
  // while this session still holds it; used on the unlock screen to set a new passphrase (vault.recover).
  'vault.createRecoveryKey': channel(Empty, z.object({ code: z.string(), info: RecoveryKeyInfo })),
  'vault.recoveryKeyInfo': channel(Empty, RecoveryKeyInfo.nullable()),
  'vault.saveRecoveryKey': channel(Empty, z.object({ savedTo: z.string().nullable() })),
  'vault.recover': channel(
    z
      .object({
        dir: VaultDir,
        personId: z.string().min(1, 'Choose whose passphrase to set').max(64),
        code: typedCode('the recovery key', 80),
        passphrase: Passphrase,
        passphraseConfirm: z.string().max(1024),
      })
      .strict(),
    SessionInfo,
  ),
  /** Live documents still to be re-encrypted under the newest key after a person was removed. */
  'vault.reencryption': channel(Empty, z.object({ remaining: z.number().int().min(0) })),
  'people.list': channel(Empty, z.array(PersonSlot)),
  'people.invite': channel(
    z
      .object({
        name: nameText('The name', 120),
        role: nameText('The role', 120).optional(),
        validForHours: z.literal(INVITATION_HOURS, { error: 'Choose how long the code works: 24 hours, 3 days or 7 days' }),
      })
      .strict(),
    z.object({ invitation: InvitationInfo, code: z.string() }),
  ),
  'people.cancelInvitation': channel(z.object({ inviteId: z.string().min(1).max(64) }).strict(), z.object({ cancelled: z.literal(true) })),
  'people.invitations': channel(Empty, z.array(InvitationInfo)),
  // The signed-in person's own name in the vault; their passphrase is asked because the name is bound
  // into their key slot. Records already signed keep the name they were signed with.
  'people.renameSelf': channel(z.object({ name: nameText('Your name', 120), passphrase: Passphrase }).strict(), PersonSlot),
  // A person's role as the vault holds it (for a vault made before roles were held, or a new post).
  // Audited; records already signed keep the role they were signed with. No role: `role` left out.
  'people.setRole': channel(z.object({ personId: z.string().min(1).max(64), role: nameText('The role', 120).optional() }).strict(), Settings),
  'people.remove': channel(z.object({ personId: z.string().min(1).max(64) }).strict(), z.object({ removed: z.literal(true) })),
  'audit.list': channel(
    z.object({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500) }).strict(),
    z.array(AuditEntry),
  ),
  'audit.verify': channel(Empty, ChainVerification),

  'policies.builtIn': channel(Empty, z.array(PolicySummary)),
  'policies.list': channel(Empty, z.object({ policies: z.array(Policy), current: z.array(PolicySummary) })),
  'policies.import': channel(
    z.object({ fileBase64: PolicyFileBytes }).strict(),
    z.object({ policy: PolicySummary, alreadyInstalled: z.boolean() }),
  ),
  /** Retire a policy (no new disputes under it), or bring it back into use; audited either way. */
  'policies.setRetired': channel(
    z
      .object({
        policyId: z.string().min(1, 'Choose the policy').max(80),
        retired: z.boolean(),
        reason: text(1000).optional(),
      })
      .strict(),
    PolicySummary,
  ),
  'calendar.get': channel(Empty, CalendarView),
  'calendar.importBankHolidays': channel(z.object({ json: JsonFile }).strict(), CalendarView),
  'calendar.addClosure': channel(
    z.object({ date: CivilDate, label: requiredText('What the closure is', 120) }).strict(),
    CalendarView,
  ),
  'calendar.removeClosure': channel(z.object({ date: z.string().max(10) }).strict(), CalendarView),

  'children.list': channel(Empty, z.array(Child)),
  'children.create': channel(
    z.object({ child: ChildInput, policyId: z.string().max(80).optional() }).strict(),
    Child,
  ),
  'children.update': channel(
    z
      .object({
        id: Id,
        changes: ChildInput.partial(),
        policyId: z.string().max(80).optional(),
        /** The day a child protection plan or looked-after status began or ended, if not today. */
        circumstancesFrom: CivilDate.optional(),
      })
      .strict(),
    Child,
  ),

  /** With a partnership: its entries and those tied to none (for a dispute); without: every entry. */
  'directory.list': channel(z.object({ partnershipId: z.string().min(1).max(80).optional() }).strict(), z.array(DirectoryEntry)),
  'directory.create': channel(z.object({ entry: DirectoryEntryInput }).strict(), DirectoryEntry),
  'directory.update': channel(z.object({ id: DirectoryId, changes: DirectoryEntryInput }).strict(), DirectoryEntry),

  'disputes.dashboard': channel(Empty, DashboardView),
  'disputes.get': channel(z.object(disputeId).strict(), DisputeView),
  'disputes.open': channel(
    z
      .object({
        policyId: z.string().min(1, 'Choose the partnership').max(80),
        dispute: OpenDisputeInput.omit(NO_BY).extend({ triage: TriageInput }),
      })
      .strict(),
    DisputeView,
  ),
  'disputes.escalate': channel(z.object({ ...disputeId, input: EscalateInput.omit(NO_BY) }).strict(), DisputeView),
  'disputes.resolve': channel(z.object({ ...disputeId, input: ResolveInput.omit(NO_BY) }).strict(), DisputeView),
  'disputes.withdraw': channel(z.object({ ...disputeId, input: WithdrawInput.omit(NO_BY) }).strict(), DisputeView),
  'disputes.request': channel(
    z
      .object({ ...disputeId, kind: z.enum(['anyStageOption', 'exceptionalRoute']), input: RequestOptionInput.omit(NO_BY) })
      .strict(),
    DisputeView,
  ),
  'disputes.recordNotification': channel(
    z.object({ ...disputeId, input: RecordNotificationInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.notificationNotNeeded': channel(
    z.object({ ...disputeId, input: NotificationNotNeededInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.correctCircumstance': channel(
    z.object({ ...disputeId, input: CorrectCircumstanceInput.omit(NO_BY) }).strict(),
    DisputeView,
  ),
  'disputes.recordStepDone': channel(z.object({ ...disputeId, input: RecordStepDoneInput.omit(NO_BY) }).strict(), DisputeView),
  'disputes.setStagePeople': channel(z.object({ ...disputeId, input: SetStagePeopleInput.omit(NO_BY) }).strict(), DisputeView),
  'disputes.takeEmergencyRoute': channel(z.object({ ...disputeId, input: EnterRouteInput.omit(NO_BY) }).strict(), DisputeView),
  'disputes.handOverFromRoute': channel(z.object({ ...disputeId, input: HandOverInput.omit(NO_BY) }).strict(), DisputeView),

  'records.createDraft': channel(z.object({ ...disputeId, draft: ContactRecordDraftInput }).strict(), RecordView),
  'records.updateDraft': channel(
    z.object({ ...disputeId, recordId: Id, changes: ContactRecordChanges }).strict(),
    RecordView,
  ),
  'records.approve': channel(z.object({ ...disputeId, recordId: Id }).strict(), RecordView),
  /** The signed-in person countersigns; when it was asked of someone, only that person can. */
  'records.countersign': channel(z.object({ ...disputeId, recordId: Id }).strict(), RecordView),
  'records.addAddendum': channel(
    z.object({ ...disputeId, recordId: Id, addendum: AddendumInput }).strict(),
    RecordView,
  ),
  'records.drafts': channel(Empty, z.array(DraftView)),
  /** Ask a named person of the vault (not the author) to countersign a record, a draft or approved. */
  'records.askCountersignature': channel(z.object({ ...disputeId, recordId: Id, personId: Id }).strict(), RecordView),
  /** The countersignatures asked of the signed-in person and not yet given, across the open disputes. */
  'records.countersignaturesAsked': channel(Empty, z.array(CountersignatureAskView)),

  // The final-stage meeting: arranged and prepared (savePlan), its decision record entered after it is
  // held, signed off by the signed-in person, and afterwards only added to by dated addenda.
  'meetings.get': channel(z.object(disputeId).strict(), MeetingView),
  'meetings.savePlan': channel(z.object({ ...disputeId, plan: MeetingPlanInput }).strict(), MeetingView),
  'meetings.recordDecision': channel(z.object({ ...disputeId, decision: DecisionRecordInput }).strict(), MeetingView),
  'meetings.signOff': channel(z.object(disputeId).strict(), MeetingView),
  'meetings.addAddendum': channel(z.object({ ...disputeId, addendum: MeetingAddendumInput }).strict(), MeetingView),

  'retention.list': channel(
    Empty,
    z.object({
      items: z.array(
        z.object({
          disputeId: z.string(),
          reference: z.string(),
          childNames: z.array(z.string()),
          otherAgency: z.string(),
          closedAt: z.string().nullable(),
          reviewOn: z.string().nullable(),
          basis: z.string(),
          due: z.boolean(),
        }),
      ),
      disposed: z.array(z.object({ reference: z.string(), at: z.string(), by: z.string(), reason: z.string() })),
    }),
  ),
  'retention.decide': channel(
    z
      .object({
        disputeId: Id,
        decision: z.enum(['retain', 'dispose']),
        reason: requiredText('The reason', 2000),
        retainUntil: CivilDate.optional(),
      })
      .strict(),
    z.object({ done: z.literal(true) }),
  ),

  'exports.acknowledgeWarning': channel(Empty, z.object({ acknowledged: z.literal(true) })),
  'exports.document': channel(
    z
      .object({
        ...disputeId,
        document: z.enum(['escalation-record', 'rapid-resolution-log', 'meeting-pack', 'outcome', 'notification']),
        notificationId: z.string().max(80).optional(),
        stage: z.number().int().min(1).max(50).optional(),
        meeting: z.object({ when: text(200).optional(), where: text(300).optional() }).strict().optional(),
        /** A notice's identifiers besides the child's name (the DSL's choice); absent: the policy's default. */
        identifiers: IdentifierChoice.optional(),
      })
      .strict(),
    z.object({ savedTo: z.string().nullable() }),
  ),
  'exports.email': channel(
    z
      .object({
        ...disputeId,
        notificationId: z.string().min(1).max(80),
        stage: z.number().int().min(1).max(50).optional(),
        identifiers: IdentifierChoice.optional(),
      })
      .strict(),
    z.object({ savedTo: z.string().nullable() }),
  ),
  /** Which identifiers a notice can carry, and which it carries unless the DSL chooses otherwise. */
  'exports.noticeIdentifiers': channel(
    z.object({ ...disputeId, notificationId: z.string().min(1).max(80), stage: z.number().int().min(1).max(50).optional() }).strict(),
    z.object({
      choices: z.array(z.object({ id: ChildIdentifier, label: z.string(), byDefault: z.boolean() })),
      /** Why the policy's default is what it is: "what the Orange form asks for". */
      defaultFrom: z.string(),
    }),
  ),
  'reports.quarterly': channel(
    z.object({ year: z.number().int().min(2000).max(2200), quarter: z.number().int().min(1).max(4), policyId: z.string().max(80).optional() }).strict(),
    QuarterlyFiguresView,
  ),
  'exports.trends': channel(
    z.object({ year: z.number().int().min(2000).max(2200), quarter: z.number().int().min(1).max(4), policyId: z.string().max(80).optional() }).strict(),
    z.object({ savedTo: z.string().nullable() }),
  ),
  /** The partnership's quarterly return; `startYear` 2026 and `quarter` 3 are October to December 2026 (Q3 2026/27). */
  'exports.quarterlyReturn': channel(
    z
      .object({
        startYear: z.number().int().min(2000).max(2200),
        quarter: z.number().int().min(1).max(4),
        policyId: z.string().max(80).optional(),
        format: z.enum(['docx', 'csv']),
      })
      .strict(),
    z.object({ savedTo: z.string().nullable() }),
  ),

  'search.query': channel(
    z
      .object({
        query: z.string().max(200, 'Search for at most 200 characters'),
        limit: z.number().int().min(1).max(200).optional(),
        /** How many of the best hits to skip: the next page starts where the last one ended. */
        offset: z.number().int().min(0).max(10_000).optional(),
      })
      .strict(),
    z.array(SearchHit),
  ),

  'search.status': channel(
    Empty,
    z.object({
      /** The index is incomplete (being built in the background): results may leave things out. */
      building: z.boolean(),
      disputesIndexed: z.number().int().nonnegative(),
      disputesToIndex: z.number().int().nonnegative(),
    }),
  ),

  'backup.create': channel(
    Empty,
    z.object({ file: z.string().nullable(), seq: z.number().optional(), bytes: z.number().optional() }),
  ),
  'backup.inspect': channel(z.object({ file: BackupFile }).strict(), BackupInfo),
  'backup.restore': channel(
    z.object({ file: BackupFile, dir: VaultDir, personId: z.string().min(1).max(64), passphrase: Passphrase }).strict(),
    z.object({ dir: z.string(), vaultId: z.string(), events: z.number(), createdAt: z.string(), problems: z.array(z.object({ docId: z.string(), message: z.string() })) }),
  ),
  'backup.settings': channel(BackupSettings.partial().strict(), BackupStatus),
  'backup.chooseFile': channel(Empty, z.object({ file: z.string().nullable() })),
  // An email dropped on a dispute (or chosen with the open dialog when `file` is null) becomes a draft record
  // (src/main/api/email-records.ts). The main process reads the file itself, within EMAIL_FILE_LIMIT_BYTES.
  // Deadlines for Outlook: an .ics of every open deadline, or one dispute's (src/main/api/calendar-export.ts).
  'calendar.export': channel(
    z.object({ disputeId: Id.optional(), withChildNames: z.boolean() }).strict(),
    z.object({ savedTo: z.string().nullable(), events: z.number(), cancelled: z.number() }),
  ),
  // Print through the system print dialog what the dispute page shows (src/main/api/print.ts); audited like an export.
  'print.dispute': channel(
    z.object({ ...disputeId, what: z.enum(['record', 'timeline', 'escalation-record']), recordId: Id.optional() }).strict(),
    z.object({ printed: z.boolean() }),
  ),
  'records.fromEmail': channel(
    z.object({ ...disputeId, file: EmailFile.nullable() }).strict(),
    z.object({ record: RecordView.nullable() }),
  ),
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>
/** A channel's input after parsing, as the main process receives it (typed dates and times become instants). */
export type ChannelParsed<C extends Channel> = z.output<Contract[C]['input']>
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>
