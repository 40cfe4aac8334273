import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc'
import type { AppErrorShape, Result } from '../../shared/errors'

/** Calls one channel; the answer is always a Result, never a thrown exception. */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  try {
    return await window.api.invoke(channel, input)
  } catch {
    return { ok: false, error: { code: 'transport', message: 'The app did not answer. Try again.' } }
  }
}

export type { AppErrorShape }

/** Turns a refusal into per-field messages for the error summary (`_form` when no field is named). */
export function errorsFrom(error: AppErrorShape): Record<string, string> {
  if (error.details && error.details.length > 0) {
    const out: Record<string, string> = {}
    for (const d of error.details) out[d.path] ??= sentence(d.message)
    return out
  }
  return { [error.field ?? '_form']: error.message }
}

const sentence = (s: string): string => {
  const t = s.charAt(0).toUpperCase() + s.slice(1)
  return /[.!?]$/.test(t) ? t : `${t}.`
}
