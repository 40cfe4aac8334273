/**
 * Instruments for the measured open: how long the key derivation inside an unlock took (so "open after
 * key derivation" subtracts the real figure, not an estimate), and how many bytes the open read.
 * Both wrap functions the store calls through an object at call time; neither changes what they do.
 */
import { createRequire } from 'node:module'
import type { FileHandle } from 'node:fs/promises'
import { nodeIo } from '../../src/main/store'

type HashRaw = (...args: unknown[]) => Promise<Buffer>

export interface KdfProbe {
  /** Milliseconds spent in Argon2id since the last reset. */
  readonly ms: number
  readonly calls: number
  reset(): void
  restore(): void
}

/**
 * Wraps `hashRaw` of @node-rs/argon2. The store's compiled code reads it from the module's exports at
 * each call (tsx compiles to CommonJS), so the wrapper sees every derivation; where a loader snapshots
 * the exports instead (vitest), `calls` stays 0 and the caller falls back to subtracting the median.
 */
export function kdfProbe(): KdfProbe {
  const argon2 = createRequire(__filename)('@node-rs/argon2') as { hashRaw: HashRaw }
  const original = argon2.hashRaw
  const state = { ms: 0, calls: 0 }
  argon2.hashRaw = async (...args: unknown[]) => {
    const started = performance.now()
    try {
      return await original(...args)
    } finally {
      state.ms += performance.now() - started
      state.calls++
    }
  }
  return {
    get ms() {
      return state.ms
    },
    get calls() {
      return state.calls
    },
    reset: () => {
      state.ms = 0
      state.calls = 0
    },
    restore: () => {
      argon2.hashRaw = original
    },
  }
}

export interface ReadCounter {
  readonly bytes: number
  readonly files: ReadonlySet<string>
  restore(): void
}

/** Counts the bytes the store reads through its default io (readFile, and read on opened files). */
export function countReads(): ReadCounter {
  const io = nodeIo as {
    readFile: (...a: unknown[]) => Promise<Buffer>
    open: (...a: unknown[]) => Promise<FileHandle>
  }
  const { readFile, open } = io
  const state = { bytes: 0, files: new Set<string>() }
  io.readFile = async (...args: unknown[]) => {
    const data = await readFile(...args)
    state.bytes += data.length
    state.files.add(String(args[0]))
    return data
  }
  io.open = async (...args: unknown[]) => {
    const fh = await open(...args)
    return new Proxy(fh, {
      get(target, prop) {
        if (prop === 'read') {
          return async (buffer: Buffer, offset: number, length: number, position: number) => {
            const r = await target.read(buffer, offset, length, position)
            state.bytes += r.bytesRead
            state.files.add(String(args[0]))
            return r
          }
        }
        const value = Reflect.get(target, prop, target) as unknown
        return typeof value === 'function' ? (value as (...x: unknown[]) => unknown).bind(target) : value
      },
    })
  }
  return {
    get bytes() {
      return state.bytes
    },
    files: state.files,
    restore: () => {
      io.readFile = readFile
      io.open = open
    },
  }
}
