import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc'
import type { AppErrorShape, Result } from '../../shared/errors'
import { problemSentence } from '../../shared/zod-issues'

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
  if (first.ok || first.error.code !== 'passphrase-needed' || !askPassphrase) return first
  return (await askPassphrase(first.error.message)) ? invoke(channel, input) : first
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
