import { useCallback, useEffect, useRef } from 'react'

/**
 * Saved as typed: `schedule()` after each change writes once the typing pauses for `delayMs`; `flush()`
 * writes now (cancelling the pending write) and resolves with its answer. Writes never overlap: one asked
 * for while another runs waits for it, so the last one sent carries the last typing. The pending write
 * is dropped when the component goes (what was typed is kept elsewhere — UnsavedContactStore).
 */
export function useAutosave<R>(save: () => Promise<R>, delayMs: number): { schedule: () => void; flush: () => Promise<R> } {
  const latest = useRef(save)
  latest.current = save
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const running = useRef<Promise<R> | null>(null)

  const cancel = () => {
    if (timer.current !== null) clearTimeout(timer.current)
    timer.current = null
  }

  const flush = useCallback(async (): Promise<R> => {
    cancel()
    while (running.current) await running.current.catch(() => undefined)
    const run = latest.current()
    running.current = run
    try {
      return await run
    } finally {
      if (running.current === run) running.current = null
    }
  }, [])

  const schedule = useCallback(() => {
    cancel()
    timer.current = setTimeout(() => {
      timer.current = null
      void flush()
    }, delayMs)
  }, [delayMs, flush])

  useEffect(() => cancel, [])
  return { schedule, flush }
}
