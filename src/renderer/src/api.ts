import { contract, type Channel, type ChannelInput, type ChannelOutput } from '../../shared/ipc'
import type { AppErrorShape, Result } from '../../shared/errors'
import { problemSentence, summariseIssues } from '../../shared/zod-issues'

async function invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  try {
    return await window.api.invoke(channel, input)
  } catch {
    return { ok: false, error: { code: 'transport', message: 'The app did not answer. Try again.' } }
  }
}

/**
 * Who asks for the passphrase when a sensitive change needs it again (the "Confirm it's you" dialog,
 * components/ConfirmPassphrase.tsx, registers itself while the vault is unlocked). Resolves true once the
 * main process has accepted the passphrase, false if the person cancelled.
 */
type PassphraseAsker = (why: string) => Promise<boolean>
let askPassphrase: PassphraseAsker | null = null
export function setPassphraseAsker(asker: PassphraseAsker | null): void {
  askPassphrase = asker
}

/**
 * Calls one channel; the answer is always a Result, never a thrown exception. A change refused with
 * `passphrase-needed` asks for the passphrase and, once it is confirmed, is tried again — so every screen
 * gets the same question without handling it; cancelled, the refusal is returned as it came.
 */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  const first = await invoke(channel, input)
  const answer = first.ok || first.error.code !== 'passphrase-needed' || !askPassphrase ? first : (await askPassphrase(first.error.message)) ? await invoke(channel, input) : first
  if (answer.ok && !READ_CHANNELS.has(channel)) for (const listener of savedListeners) listener(channel)
  return answer
}

/**
 * The channels that only read: asking one never changes what another shows. Every other channel is a
 * save, and a successful save tells the listeners (lib/queries.ts invalidates the cached channel data).
 * A read missing from this list only costs a refetch; a save listed here would leave screens stale.
 */
export const READ_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'app.info',
  'vault.inspect',
  'vault.chooseFolder',
  'vault.passphraseStrength',
  'vault.session',
  'vault.recoveryKeyInfo',
  'vault.reencryption',
  'session.activity',
  'settings.get',
  'team.status',
  'people.list',
  'people.invitations',
  'audit.list',
  'audit.search',
  'audit.verify',
  'policies.builtIn',
  'policies.list',
  'calendar.get',
  'children.list',
  'directory.list',
  'disputes.dashboard',
  'disputes.get',
  'records.drafts',
  'records.countersignaturesAsked',
  'meetings.get',
  'search.query',
  'search.status',
  'backup.inspect',
  'backup.getSettings',
  'backup.chooseFile',
  'retention.list',
  'exports.noticeIdentifiers',
  'reports.quarterly',
])
/** The reads a screen caches with useChannel (lib/queries.ts): never one that opens a dialog, like `vault.chooseFolder`. */
export type ReadChannel = Extract<Channel, 'app.info' | 'vault.inspect' | 'vault.session' | 'vault.recoveryKeyInfo' | 'policies.builtIn' | 'exports.noticeIdentifiers' | 'audit.search' | 'audit.verify' | 'settings.get' | 'people.list' | 'people.invitations' | 'audit.list' | 'policies.list' | 'calendar.get' | 'children.list' | 'directory.list' | 'disputes.dashboard' | 'disputes.get' | 'records.drafts' | 'records.countersignaturesAsked' | 'meetings.get' | 'search.query' | 'search.status' | 'retention.list' | 'vault.reencryption' | 'team.status' | 'backup.getSettings'>

type SavedListener = (channel: Channel) => void
const savedListeners = new Set<SavedListener>()
/** Called after every successful save (any channel not in READ_CHANNELS); returns the unsubscribe. */
export function onSaved(listener: SavedListener): () => void {
  savedListeners.add(listener)
  return () => savedListeners.delete(listener)
}

export type { AppErrorShape }

/** Turns a refusal into per-field messages for the error summary (`_form` when no field is named). */
export function errorsFrom(error: AppErrorShape): Record<string, string> {
  if (error.details && error.details.length > 0) {
    const out: Record<string, string> = {}
    for (const d of error.details) out[d.path] ??= problemSentence(d)
    return out
  }
  return { [error.field ?? '_form']: error.message }
}

/**
 * Every problem the channel's own schema (src/shared) finds in `input`, worded and keyed as a refusal from
 * the main process would be. A form that checks something itself first (a date typed in boxes) shows these
 * with its own, so that every problem is listed at once rather than in rounds.
 */
export function inputProblems<C extends Channel>(channel: C, input: ChannelInput<C>): Record<string, string> {
  const parsed = contract[channel].input.safeParse(input)
  if (parsed.success) return {}
  const { details, message, field } = summariseIssues(parsed.error, input)
  return errorsFrom({ code: 'invalid-input', message, ...(field !== undefined ? { field } : {}), details })
}

/**
 * A form's own problems with the schema's added, leaving out the schema's word on a field the form has
 * already spoken about (the same field can be keyed 'child-dateOfBirth' by the form and
 * 'child.dateOfBirth' or 'input.child.dateOfBirth' by the schema).
 */
export function allProblems(own: Record<string, string>, schema: Record<string, string>): Record<string, string> {
  const norm = (k: string) => k.replace(/-/g, '.')
  const ownKeys = Object.keys(own).map(norm)
  const out = { ...own }
  for (const [key, message] of Object.entries(schema)) {
    const k = norm(key)
    const covered = ownKeys.some((o) => o === k || k.endsWith(`.${o}`) || o.endsWith(`.${k}`))
    if (!covered) out[key] = message
  }
  return out
}
