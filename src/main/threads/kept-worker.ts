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

/** One job for a kept worker: the message posted, and how its answer is read. */
export interface WorkerJob<T> {
  message: unknown
  transfer?: ArrayBuffer[]
  /** The answer as the caller wants it, or why the answer cannot be used (the worker is then not kept). */
  read(answer: unknown): T | Error
  /** Why the job failed when the worker could not start, or stopped before answering. */
  notStarted: string
  stoppedEarly: string
  /** A limit after which the job is abandoned with `tooSlow()`. */
  timeout?: { ms: number; tooSlow: () => Error }
  /** Told how to abandon the job (a lock stops a key derivation), and when it has settled either way. */
  started?(abandon: (reason: Error) => void): void
  settled?(): void
  /** When the worker did not start (the message was never handed over). */
  failedToStart?(): void
}

/**
 * Runs one job on the kept worker (or a new one). A worker that answered usably is kept for the next job;
 * one that failed, stopped, timed out or was abandoned is unreferenced and ended, and its late answer is
 * never read.
 */
export function runOnKeptWorker<T>(workers: KeptWorker, job: WorkerJob<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    let worker: Worker
    try {
      worker = workers.take()
    } catch (e) {
      job.failedToStart?.()
      reject(e instanceof Error ? e : new Error(job.notStarted))
      return
    }
    let settled = false
    const finish = (keep: boolean, settle: () => void): void => {
      if (settled) return
      settled = true
      if (timer) clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if (keep) workers.park(worker)
      else {
        // Abandoned: it must not keep the process alive.
        worker.unref()
        void worker.terminate().catch(() => undefined)
      }
      job.settled?.()
      settle()
    }
    const onMessage = (answer: unknown): void => {
      const read = job.read(answer)
      if (read instanceof Error) finish(false, () => reject(read))
      else finish(true, () => resolve(read))
    }
    const onError = (e: Error): void => finish(false, () => reject(e))
    const onExit = (): void => finish(false, () => reject(new Error(job.stoppedEarly)))
    const timeout = job.timeout
    const timer = timeout ? setTimeout(() => finish(false, () => reject(timeout.tooSlow())), timeout.ms) : null
    job.started?.((reason) => finish(false, () => reject(reason)))
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    worker.postMessage(job.message, job.transfer ?? [])
  })
}
