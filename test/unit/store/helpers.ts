import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach } from 'vitest'
import { acceptInvitation, createVault, KDF_FLOOR, nodeIo, openVault, type Vault, type VaultIo } from '../../../src/main/store'
import type { CreateVaultOptions, OpenVaultOptions } from '../../../src/main/store'

export const PASS = 'correct horse battery staple'
export const kdf = { ...KDF_FLOOR }

let clock = Date.parse('2026-11-22T14:05:00Z')
export const now = (): Date => new Date((clock += 1000))

const made: string[] = []
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

export async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'el-vault-'))
  made.push(d)
  return d
}

export async function newVault(
  extra: Partial<CreateVaultOptions> = {},
): Promise<{ dir: string; vault: Vault }> {
  const dir = join(await tempDir(), 'vault')
  const vault = await createVault(dir, { personName: 'Alex Morgan', passphrase: PASS, kdf, now, ...extra })
  return { dir, vault }
}

export function reopen(dir: string, vault: Vault | { personId: string }, extra: Partial<OpenVaultOptions> = {}): Promise<Vault> {
  const personId = 'person' in vault ? vault.person.personId : vault.personId
  return openVault(dir, { personId, passphrase: PASS, now, ...extra })
}

export const docFiles = async (dir: string): Promise<string[]> => (await readdir(join(dir, 'documents'))).sort()

export const chunkFiles = async (dir: string): Promise<string[]> => (await readdir(join(dir, 'chunks')).catch(() => [])).sort()

/** The generation file of a document (in documents/) or of an attachment chunk (in chunks/). */
export const docFile = async (dir: string, docId: string): Promise<string> => {
  const folder = docId.startsWith('att-') ? 'chunks' : 'documents'
  const names = folder === 'chunks' ? await chunkFiles(dir) : await docFiles(dir)
  const f = names.find((n) => n.startsWith(`${docId}.`) && /\.\d+\.enc$/.test(n))
  if (!f) throw new Error(`no file for ${docId}`)
  return join(dir, folder, f)
}

export type Failure = { code: string; message?: string }

/**
 * An io whose writes fail while `failing` says so: opening a file for writing (or the journal for append)
 * throws, as does rename. Reads keep working. Tests run as root, where chmod does not stop writes.
 */
export function failingIo(shouldFail: (path: string, op: string) => Failure | null): VaultIo {
  const fail = (path: string, op: string) => {
    const f = shouldFail(path, op)
    if (f) throw Object.assign(new Error(f.message ?? f.code), { code: f.code })
  }
  return {
    ...nodeIo,
    open: (async (path: Parameters<VaultIo['open']>[0], flags?: string | number, mode?: number) => {
      if (flags !== undefined && flags !== 'r') fail(String(path), `open:${String(flags)}`)
      return nodeIo.open(path, flags, mode)
    }) as VaultIo['open'],
    rename: (async (a: string, b: string) => {
      fail(String(b), 'rename')
      return nodeIo.rename(a, b)
    }) as VaultIo['rename'],
  }
}

/** Splits journal.log into whole frames ([u32 L][L bytes][u32 L]) without decrypting them. */
export function splitFrames(buf: Buffer): Buffer[] {
  const out: Buffer[] = []
  let at = 0
  while (at < buf.length) {
    const len = buf.readUInt32BE(at)
    out.push(buf.subarray(at, at + len + 8))
    at += len + 8
  }
  return out
}

export const journalPath = (dir: string): string => join(dir, 'journal.log')

/**
 * How a write goes wrong on a nearly full disk:
 * - 'short-then-enospc': write(2) takes part of the buffer and returns the count without an error (what a
 *   2 MiB tmpfs did: 226 of ~400 bytes); the next write on that file fails with ENOSPC;
 * - 'short-then-zero': the same, but the next write returns 0 bytes written and no error;
 * - 'claims-all': the write takes half the buffer but reports every byte written (a lying driver or network
 *   file system); only a check of the file's length catches it;
 * - 'short-undo-fails': as 'short-then-enospc', and truncating the file back fails too (EIO);
 * - 'sync-and-undo-fail': every byte is written, the sync fails (EIO), and truncating back fails too.
 */
export type WriteFault = 'short-then-enospc' | 'short-then-zero' | 'claims-all' | 'short-undo-fails' | 'sync-and-undo-fail'

const ioErr = (code: string) => Object.assign(new Error(`${code}: injected`), { code })

/**
 * An io whose file handles misbehave, as `fault(path)` says at the moment of each write. Only writes through
 * FileHandle.write are affected (the store's only way of writing); reads are untouched.
 */
export function faultyWriteIo(fault: (path: string) => WriteFault | null, base: VaultIo = nodeIo): VaultIo {
  return {
    ...base,
    open: (async (path: Parameters<VaultIo['open']>[0], flags?: string | number, mode?: number) => {
      const fh = await base.open(path, flags, mode)
      if (flags === undefined || flags === 'r') return fh
      let writes = 0
      let failing: WriteFault | null = null
      return new Proxy(fh, {
        get(target, prop) {
          if (prop === 'write')
            return async (buf: Buffer, off: number, len: number, pos: number) => {
              const f = fault(String(path))
              if (!f) return target.write(buf, off, len, pos)
              failing = f
              writes++
              if (f === 'sync-and-undo-fail') return target.write(buf, off, len, pos)
              if (writes > 1) {
                if (f === 'short-then-zero') return { bytesWritten: 0, buffer: buf }
                throw ioErr('ENOSPC')
              }
              const part = Math.max(1, Math.floor(len / 2))
              const { bytesWritten } = await target.write(buf, off, part, pos)
              return { bytesWritten: f === 'claims-all' ? len : bytesWritten, buffer: buf }
            }
          if ((prop === 'sync' || prop === 'datasync') && failing === 'sync-and-undo-fail')
            return async () => {
              throw ioErr('EIO')
            }
          if (prop === 'truncate' && (failing === 'short-undo-fails' || failing === 'sync-and-undo-fail'))
            return async () => {
              throw ioErr('EIO')
            }
          const v = Reflect.get(target, prop) as unknown
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
        },
      }) as FileHandle
    }) as VaultIo['open'],
  }
}

/** Every file under `dir` (relative path → bytes as base64), to prove a refused save changed nothing. */
export async function filesUnder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) await walk(p)
      else out[relative(dir, p)] = (await readFile(p)).toString('base64')
    }
  }
  await walk(dir)
  return out
}

/**
 * Adds a person the way the app does: the signed-in person (who unlocked with PASS) invites them, they accept
 * with the one-time code and their own passphrase, and the inviter unlocks again. Returns the new person and
 * the inviter's new session (accepting takes the folder over, which locks the inviter's).
 */
export async function invitePerson(
  dir: string,
  vault: Vault,
  name: string,
  passphrase: string,
  extra: Partial<OpenVaultOptions> = {},
): Promise<{ person: { personId: string; name: string }; vault: Vault }> {
  const { invitation, code } = await vault.createInvitation({ name, validForHours: 24 })
  const theirs = await acceptInvitation(dir, { inviteId: invitation.inviteId, code, passphrase, kdf, now })
  const person = { ...theirs.person }
  await theirs.lock()
  return { person, vault: await reopen(dir, vault, extra) }
}
