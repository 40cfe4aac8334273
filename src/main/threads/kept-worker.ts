/**
 * A worker thread kept for the next job. Starting a thread and loading what it needs (the argon2 binding,
 * zxcvbn's dictionaries) costs from 50 ms to a second, so one worker that finished its job cleanly is kept,
 * unreferenced, for the next; a worker that was stopped, failed or timed out is never kept.
 *
 * The worker's program is a string evaluated in the thread rather than a file, so that the same code runs
 * under vitest, tsx, Playwright and the bundled app with no file for electron-vite to emit. `workerData`
 * is computed when a thread starts (module paths resolved from the caller's `__filename`).
 */
import { Worker } from 'node:worker_threads'

export interface KeptWorker {
  /** The kept worker, or a new one. */
  take(): Worker
  /** Keep this worker (it finished cleanly) for the next job, ending any other kept one. */
  park(worker: Worker): void
}

export function keptWorker(source: string, workerData: () => unknown): KeptWorker {
  let parked: { worker: Worker; onExit: () => void } | null = null
  return {
    take(): Worker {
      if (parked) {
        const { worker, onExit } = parked
        parked = null
        worker.off('exit', onExit)
        worker.ref()
        return worker
      }
      const worker = new Worker(source, { eval: true, workerData: workerData() })
      // Always listened for, so a failure after its job is settled is never an unhandled 'error'.
      worker.on('error', () => undefined)
      return worker
    },
    park(worker: Worker): void {
      if (parked) void parked.worker.terminate().catch(() => undefined)
      const onExit = (): void => {
        if (parked?.worker === worker) parked = null
      }
      worker.once('exit', onExit)
      worker.unref() // a kept worker must not keep the process alive
      parked = { worker, onExit }
    },
  }
}
