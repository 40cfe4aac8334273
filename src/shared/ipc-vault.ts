/** The vault, the session, settings, people and the audit trail: their channels and the shapes they answer with. */
import { z } from 'zod'
import { emailProblem } from './directory'
import { Deadline } from './dispute'
import { Empty, Passphrase, VaultDir, channel, nameText, requiredText, text } from './ipc-common'

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
  folder: z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => !p.includes('\0'), 'That folder path is not valid')
    .nullable(),
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
  /** Desktop reminders of deadlines and notifications owed (src/main/reminders.ts); on unless turned off. */
  reminders: z.boolean(),
  /** The largest file that may be attached to a record, in MB; absent: 25 (src/shared/record-files.ts). */
  attachmentLimitMB: z.number().int().min(1).max(100).optional(),
})
export type Settings = z.infer<typeof Settings>

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
  history: z
    .object({ state: z.enum(['rolled-back', 'first-open', 'unchecked']), message: z.string() })
    .nullable(),
  /** Only in the answer to the unlock that found them; they are then in the audit trail. */
  failedUnlocks: FailedUnlocks.optional(),
})
export type SessionInfo = z.infer<typeof SessionInfo>

/** A pending invitation as the unlock screen may see it (the header lists it in plain text; no secret in it). */
export const PendingInvitation = z.object({
  inviteId: z.string(),
  name: z.string(),
  role: z.string().optional(),
  expiresAt: z.string(),
})
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
    .regex(
      /^[A-Za-z0-9\s-]+$/,
      `${label.charAt(0).toUpperCase()}${label.slice(1)} has only letters, numbers and hyphens`,
    )

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

export const vaultChannels = {
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
        reminders: z.boolean().optional(),
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
        validForHours: z.literal(INVITATION_HOURS, {
          error: 'Choose how long the code works: 24 hours, 3 days or 7 days',
        }),
      })
      .strict(),
    z.object({ invitation: InvitationInfo, code: z.string() }),
  ),
  'people.cancelInvitation': channel(
    z.object({ inviteId: z.string().min(1).max(64) }).strict(),
    z.object({ cancelled: z.literal(true) }),
  ),
  'people.invitations': channel(Empty, z.array(InvitationInfo)),
  // The signed-in person's own name in the vault; their passphrase is asked because the name is bound
  // into their key slot. Records already signed keep the name they were signed with.
  'people.renameSelf': channel(
    z.object({ name: nameText('Your name', 120), passphrase: Passphrase }).strict(),
    PersonSlot,
  ),
  // A person's role as the vault holds it (for a vault made before roles were held, or a new post).
  // Audited; records already signed keep the role they were signed with. No role: `role` left out.
  'people.setRole': channel(
    z.object({ personId: z.string().min(1).max(64), role: nameText('The role', 120).optional() }).strict(),
    Settings,
  ),
  'people.remove': channel(
    z.object({ personId: z.string().min(1).max(64) }).strict(),
    z.object({ removed: z.literal(true) }),
  ),
  'audit.list': channel(
    z
      .object({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500) })
      .strict(),
    z.array(AuditEntry),
  ),
  'audit.verify': channel(Empty, ChainVerification),
} as const
