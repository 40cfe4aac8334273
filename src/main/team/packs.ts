/**
 * Packs (docs/team-vault.md, "Packs"): a device that has written a closed run of segments adds one more file
 * holding that run's segment files exactly as they were written, so that a device joining a ten-year vault makes
 * one request per pack instead of one per segment. A pack is a new file — the segments it holds stay where they
 * are — sealed and signed like every other file (kind 5, its header's number the run's last segment), and each
 * segment inside is opened and checked against its device's chain exactly as if it had been fetched alone, so a
 * pack can neither hide nor replace a segment unnoticed.
 *
 *   plaintext = u64 first ‖ u32 count ‖ count × (u32 length ‖ the segment file's bytes), in order first …
 *
 * Packs live under `devices/<deviceId>/packs/b<6 digits>/p-<first, 12 digits>-<last, 12 digits>-<8 hex>.elt`,
 * folder b holding the packs whose first segment is in PACK_FOLDER_SPAN·b + 1 … PACK_FOLDER_SPAN·(b + 1).
 */
import { u64 } from '../store/crypto'
import { u32 } from '../store/keys'
import { bucketName, deviceFolder } from './sealed'

/** Segments per pack, as devices write them (a power of two, so a pack never straddles two folders). */
export const PACK_SEGMENTS = 256
/** Segments whose packs one folder holds: 64 packs of the usual size. */
export const PACK_FOLDER_SPAN = 64 * PACK_SEGMENTS

const NAME = /^p-(\d{12})-(\d{12})-([0-9a-f]{8})\.elt$/
const PATH = /^devices\/([0-9a-f]{32})\/packs\/b(\d{6})\/(p-\d{12}-\d{12}-[0-9a-f]{8}\.elt)$/

export interface PackRange {
  first: number
  last: number
}

export const packFolderOf = (seq: number): number => Math.floor((seq - 1) / PACK_FOLDER_SPAN)
export const packFolder = (deviceId: string, folder: number): string => `${deviceFolder(deviceId)}/packs/${bucketName(folder)}`

export function packPath(deviceId: string, range: PackRange, unique: string): string {
  const pad = (n: number) => String(n).padStart(12, '0')
  return `${packFolder(deviceId, packFolderOf(range.first))}/p-${pad(range.first)}-${pad(range.last)}-${unique}.elt`
}

/** A pack's name as its range; null for anything else (a sync engine's copies, temp files). */
export function parsePackName(name: string): PackRange | null {
  const m = NAME.exec(name)
  if (!m) return null
  const first = Number(m[1])
  const last = Number(m[2])
  return first >= 1 && last >= first && packFolderOf(first) === packFolderOf(last) ? { first, last } : null
}

/** A pack's path as its device and range, when it is in the folder its name implies. */
export function parsePackPath(path: string): (PackRange & { deviceId: string }) | null {
  const m = PATH.exec(path)
  const range = m ? parsePackName(m[3] as string) : null
  return m && range && packFolderOf(range.first) === Number(m[2]) ? { deviceId: m[1] as string, ...range } : null
}

export function encodePack(first: number, segments: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [u64(first), u32(segments.length)]
  for (const s of segments) parts.push(u32(s.length), s)
  return Buffer.concat(parts)
}

/** The segment files a pack's plaintext holds, or null unless it holds exactly `range`, in order, and nothing else. */
export function decodePack(plaintext: Buffer, range: PackRange): Buffer[] | null {
  if (plaintext.length < 12) return null
  const count = plaintext.readUInt32BE(8)
  if (Number(plaintext.readBigUInt64BE(0)) !== range.first || count !== range.last - range.first + 1) return null
  const out: Buffer[] = []
  let at = 12
  for (let i = 0; i < count; i++) {
    if (at + 4 > plaintext.length) return null
    const length = plaintext.readUInt32BE(at)
    if (at + 4 + length > plaintext.length) return null
    out.push(plaintext.subarray(at + 4, at + 4 + length))
    at += 4 + length
  }
  return at === plaintext.length ? out : null
}
