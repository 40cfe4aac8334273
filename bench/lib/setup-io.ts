/**
 * A VaultIo for BUILDING the synthetic vaults only — never for a measured save or open.
 *
 * It goes through the store's own seam (`VaultIo`, src/main/store/io.ts) and changes three things, each a
 * cost of durability that setup does not need:
 * - fsync and fdatasync do nothing (the vault is written once, then read back by a fresh process);
 * - syscalls are synchronous (no thread-pool round trip per call);
 * - a rename over an existing file first unlinks the target: on ext4, replacing a file by rename makes
 *   the kernel flush the new file's data (auto_da_alloc), which costs ~0.5 ms per head.enc rewrite even
 *   without fsync. A durable save fsyncs first, so it never pays this twice.
 */
import * as fs from 'node:fs'
import type { VaultIo } from '../../src/main/store'

class SyncHandle {
  constructor(private readonly fd: number) {}
  async writeFile(data: Buffer): Promise<void> {
    fs.writeFileSync(this.fd, data)
  }
  async sync(): Promise<void> {}
  async datasync(): Promise<void> {}
  async close(): Promise<void> {
    fs.closeSync(this.fd)
  }
  async stat(): Promise<fs.Stats> {
    return fs.fstatSync(this.fd)
  }
  async write(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesWritten: number; buffer: Buffer }> {
    return { bytesWritten: fs.writeSync(this.fd, buffer, offset, length, position), buffer }
  }
  async truncate(length: number): Promise<void> {
    fs.ftruncateSync(this.fd, length)
  }
  async read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number; buffer: Buffer }> {
    return { bytesRead: fs.readSync(this.fd, buffer, offset, length, position), buffer }
  }
}

/** Folders are "opened" only to be fsynced; with fsync off there is nothing to open. */
const folderHandle = {
  sync: async (): Promise<void> => undefined,
  close: async (): Promise<void> => undefined,
}

export function setupIo(): VaultIo {
  const io = {
    open: async (path: string, flags: string, mode?: number) => {
      if (flags === 'r' && fs.statSync(path).isDirectory()) return folderHandle
      return new SyncHandle(fs.openSync(path, flags, mode))
    },
    rename: async (from: string, to: string) => {
      fs.rmSync(to, { force: true })
      fs.renameSync(from, to)
    },
    unlink: async (path: string) => fs.unlinkSync(path),
    readdir: async (path: string) => fs.readdirSync(path),
    readFile: async (path: string) => fs.readFileSync(path),
    mkdir: async (path: string, options?: fs.MakeDirectoryOptions) => fs.mkdirSync(path, options),
    rmdir: async (path: string) => fs.rmdirSync(path),
    stat: async (path: string) => fs.statSync(path),
  }
  return io as unknown as VaultIo
}
