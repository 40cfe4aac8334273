import type { FieldErrors as HookFormErrors, FieldValues } from 'react-hook-form'
import type { z } from 'zod'
import type { FieldErrors } from '../components/forms'

/**
 * react-hook-form's errors (nested by the field's path) as the error summary lists them: one message per
 * field, keyed by the dotted path, in the order the form's schema found them.
 */
export function flatErrors<T extends FieldValues>(errors: HookFormErrors<T>, prefix = ''): FieldErrors {
  const out: FieldErrors = {}
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue
    const path = prefix ? `${prefix}.${key}` : key
    if ('message' in value && typeof value.message === 'string') out[path] = value.message
    else Object.assign(out, flatErrors(value as HookFormErrors<FieldValues>, path))
  }
  return out
}

/** Problems found by the shared date checks (momentProblems, dateProblems), as issues of a form's schema. */
export function addProblems(ctx: z.RefinementCtx, problems: FieldErrors): void {
  for (const [path, message] of Object.entries(problems)) ctx.addIssue({ code: 'custom', path: path.split('.'), message })
}
