/**
 * Errors that reach a person. `code` is stable (tests and the UI branch on it); `message` is a sentence
 * a designated safeguarding lead understands; `field` names the input at fault where there is one, so
 * the screen can link its error summary to it; `details` lists further problems (e.g. every bad field of
 * an imported policy).
 */
export interface AppErrorShape {
  code: string
  message: string
  field?: string
  details?: { path: string; message: string }[]
}

export class AppError extends Error implements AppErrorShape {
  readonly code: string
  readonly field?: string
  readonly details?: { path: string; message: string }[]

  constructor(code: string, message: string, extra: { field?: string; details?: AppErrorShape['details'] } = {}) {
    super(message)
    this.name = 'AppError'
    this.code = code
    if (extra.field !== undefined) this.field = extra.field
    if (extra.details !== undefined) this.details = extra.details
  }

  toJSON(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    }
  }
}

/** What every IPC call returns: the value, or a typed error. Never a thrown exception across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
