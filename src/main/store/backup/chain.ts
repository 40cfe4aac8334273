/**
 * Finding a backup's chain: an increment names the backup it continues (its file name, its MAC, and the
 * journal position it left off at), which must be in the same folder. Walking back from the chosen file to
 * its full copy reads only each file's table of contents and its last 32 bytes.
 */
import { basename, dirname, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { VaultIo } from '../io'
import { isIncrement, openBackupFile, readStoredMac, readToc, type OpenedBackup } from './format'

/** More links than any chain the app makes (FULL_EVERY_INCREMENTS): a crafted loop cannot make this spin. */
const MAX_CHAIN = 10_000

const broken = (file: string, why: string): AppError =>
  new AppError(
    'backup-chain-broken',
    `This backup cannot be used: “${basename(file)}” holds only the changes since an earlier backup, and ${why} Put the earlier backups back beside it, or restore a full backup. Nothing was restored.`,
    { field: 'file' },
  )

/** Opens `file` and every backup it continues, oldest (the full copy) first. The caller closes them (closeAll). */
export async function openChain(io: VaultIo, file: string): Promise<OpenedBackup[]> {
  const chain: OpenedBackup[] = []
  try {
    let path = file
    for (;;) {
      const { fh, size } = await openBackupFile(io, path)
      const opened: OpenedBackup = { file: path, fh, size, toc: { version: 1 } as OpenedBackup['toc'], entries: new Map() }
      chain.unshift(opened)
      Object.assign(opened, await readToc(fh, size))
      const next = chain[1]
      if (next) checkLink(opened, next, (await readStoredMac(fh, size)).toString('hex'))
      const toc = opened.toc
      if (!isIncrement(toc)) break
      if (chain.length >= MAX_CHAIN) throw broken(file, 'its chain of earlier backups is too long to be genuine.')
      const name = toc.chain.base.name
      if (name !== basename(name) || name.startsWith('.'))
        throw broken(path, 'the earlier backup it names is not a backup file name.')
      path = join(dirname(path), name)
      try {
        await io.stat(path)
      } catch {
        throw broken(opened.file, `the backup it continues, “${name}”, is not in the same folder.`)
      }
    }
    return chain
  } catch (e) {
    await closeAll(chain)
    throw e
  }
}

/** `later` continues `base`: the same vault and chain, the next link, and the journal where `base` ended. */
function checkLink(base: OpenedBackup, later: OpenedBackup, baseMac: string): void {
  const b = base.toc
  const l = later.toc
  if (!isIncrement(l)) return
  const link = l.chain.base
  const name = basename(base.file)
  if (link.mac !== baseMac)
    throw broken(later.file, `the file “${name}” beside it is not the backup it continues (another file has been put in its place).`)
  if (
    b.version !== 2 ||
    b.vaultId !== l.vaultId ||
    b.chain.id !== l.chain.id ||
    b.chain.index + 1 !== l.chain.index ||
    b.epoch !== l.epoch ||
    b.seq !== link.seq ||
    b.hash !== link.hash ||
    b.journalBytes !== link.journalBytes
  )
    throw broken(later.file, `the file “${name}” it continues does not end where it begins.`)
}

export const closeAll = async (chain: OpenedBackup[]): Promise<void> => {
  await Promise.all(chain.map((b) => b.fh.close().catch(() => undefined)))
}
