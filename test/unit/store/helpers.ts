import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { createVault, KDF_FLOOR, nodeIo, openVault, type Vault, type VaultIo } from '../../../src/main/store'
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

export const docFile = async (dir: string, docId: string): Promise<string> => {
  const f = (await docFiles(dir)).find((n) => n.startsWith(`${docId}.`) && /\.\d+\.enc$/.test(n))
  if (!f) throw new Error(`no file for ${docId}`)
  return join(dir, 'documents', f)
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
