/**
 * What every part of the IPC contract shares: bounded text, the passphrase and folder inputs, ids, and
 * the `channel` helper. The contract itself is the union of ./ipc-vault, ./ipc-case and ./ipc-exports,
 * put together in ./ipc.
 */
import { z } from 'zod'
import { nameProblem, normaliseName } from './names'

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
      if (problem)
        ctx.issues.push({
          code: 'custom',
          message: problem.message,
          input: ctx.value,
          params: { nameProblem: problem.code },
        })
    })

export const Empty = z.object({}).strict()
export const Passphrase = z.string().min(1, 'Enter a passphrase').max(1024, 'The passphrase is too long')
export const VaultDir = z
  .string()
  .min(1, 'Choose a folder for the vault')
  .max(4096, 'That folder path is too long')
  .refine((p) => !p.includes('\0'), 'That folder path is not valid')
  // A full path only: a relative one would depend on where the app happened to start.
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'Choose a folder by its full path')

export const Id = z.string().min(1, 'An id is required').max(100, 'That id is too long')
export const disputeId = { disputeId: Id }
/** Transition inputs as the screen sends them: who acts is the person who unlocked, never sent. */
export const NO_BY = { by: true } as const

/** A file's full path, as a dialog or the preload found it. */
export const FilePath = (choose: string) =>
  z
    .string()
    .min(1, choose)
    .max(4096, 'That file path is too long')
    .refine((p) => !p.includes('\0'), 'That file path is not valid')

export const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output })
