/**
 * The one contract between the renderer and the main process: for each channel, a zod schema of its
 * input and of its output. The main process parses every input with these schemas before any domain
 * code sees it; the renderer gets its types from here. Adding a channel: add it here, add its handler
 * in src/main/api, and add its name to CHANNEL_NAMES in ./channels (a unit test keeps the two in step).
 */
import { z } from 'zod'

/** A bounded string: every text input has a ceiling so a pasted novel cannot wedge the app. */
export const text = (max = 2000) => z.string().max(max, `must be at most ${max} characters`)
export const requiredText = (label: string, max = 200) =>
  z.string().trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`)

const Empty = z.object({}).strict()
const Passphrase = z.string().min(1, 'Enter a passphrase').max(1024, 'The passphrase is too long')
const VaultDir = z
  .string()
  .min(1, 'Choose a folder for the vault')
  .max(4096, 'That folder path is too long')
  .refine((p) => !p.includes('\0'), 'That folder path is not valid')

export const PersonSlot = z.object({ personId: z.string(), name: z.string() })
export type PersonSlot = z.infer<typeof PersonSlot>

export const Profile = z.object({
  name: requiredText('Your name', 120),
  role: requiredText('Your role', 120),
  agency: requiredText('Your agency', 200),
  defaultPartnership: text(120).optional(),
})
export type Profile = z.infer<typeof Profile>

export const Settings = z.object({
  autoLockMinutes: z.number().int().min(1).max(240),
  profiles: z.record(z.string(), Profile),
  exportWarningAcknowledged: z.boolean(),
})
export type Settings = z.infer<typeof Settings>

export const SessionInfo = z.object({
  vaultDir: z.string(),
  vaultId: z.string(),
  person: PersonSlot,
  profile: Profile.nullable(),
  autoLockMinutes: z.number(),
  problems: z.array(z.object({ docId: z.string(), message: z.string() })),
})
export type SessionInfo = z.infer<typeof SessionInfo>

export const VaultInspection = z.discriminatedUnion('state', [
  z.object({ state: z.literal('absent'), dir: z.string() }),
  z.object({ state: z.literal('present'), dir: z.string(), vaultId: z.string(), people: z.array(PersonSlot) }),
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
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const ChainVerification = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), events: z.number() }),
  z.object({ ok: z.literal(false), firstBadSeq: z.number(), reason: z.string() }),
])

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
  'vault.passphraseStrength': channel(z.object({ passphrase: z.string().max(1024) }).strict(), PassphraseStrength),
  'vault.create': channel(
    z
      .object({
        dir: VaultDir,
        passphrase: Passphrase,
        passphraseConfirm: z.string().max(1024),
        profile: Profile,
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
  'session.activity': channel(Empty, z.object({ lockInSeconds: z.number() })),
  'settings.get': channel(Empty, Settings),
  'settings.update': channel(
    z
      .object({
        autoLockMinutes: z.number().int().min(1).max(240).optional(),
        profile: Profile.optional(),
      })
      .strict(),
    Settings,
  ),
  'people.list': channel(Empty, z.array(PersonSlot)),
  'people.add': channel(
    z
      .object({ name: requiredText('Name', 120), passphrase: Passphrase, passphraseConfirm: z.string().max(1024) })
      .strict(),
    PersonSlot,
  ),
  'people.remove': channel(z.object({ personId: z.string().min(1).max(64) }).strict(), z.object({ removed: z.literal(true) })),
  'audit.list': channel(
    z.object({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500) }).strict(),
    z.array(AuditEntry),
  ),
  'audit.verify': channel(Empty, ChainVerification),
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>
