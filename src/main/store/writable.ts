/** Whether a vault's folder can be written, asked by trying (a read-only vault opens for reading only). */
import { join } from 'node:path'
import { randomHex } from './crypto'
import { TEMP_MARK, type VaultIo } from './io'

/** What the system says when a folder cannot be written to, in words a person understands. */
const NOT_WRITABLE: Record<string, string> = {
  EROFS: 'the disk or share it is on is read-only',
  EACCES: 'this computer account does not have permission to change it',
  EPERM: 'this computer account does not have permission to change it',
}

/**
 * Null if a file can be made in the vault's folder; otherwise why not, in words. Asked by trying (a temp
 * file, removed at once and by the next tidy-up if not), because permissions, mount flags and network
 * shares each answer "can I write here" differently and only a write answers it for all of them.
 */
export async function whyNotWritable(io: VaultIo, dir: string): Promise<string | null> {
  const probe = join(dir, `${TEMP_MARK}write-check-${randomHex(6)}`)
  try {
    const fh = await io.open(probe, 'wx', 0o600)
    await fh.close()
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code
    const why = code ? NOT_WRITABLE[code] : undefined
    if (why) return why
    // Any other failure (a full disk, say) is not read-only: saves will report it themselves, in words.
    return null
  }
  await io.unlink(probe).catch(() => undefined)
  return null
}
