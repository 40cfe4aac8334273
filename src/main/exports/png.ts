/**
 * Just enough PNG to put a bar chart in a Word document without a charting or canvas package: an RGBA
 * pixel buffer, rectangles drawn into it, and an encoder (PNG signature, IHDR, one zlib-deflated IDAT,
 * IEND, each chunk with its CRC-32). The chart has no text; the document shows its values in a table
 * beside it, keyed by the same colours.
 */
import { deflateSync } from 'node:zlib'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

export function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  let c = crc
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return c >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE((crc32(data, crc32(head.subarray(4, 8))) ^ 0xffffffff) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Encodes 8-bit RGBA pixels (row by row, 4 bytes a pixel) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError('A PNG needs a positive whole width and height')
  }
  if (rgba.length !== width * height * 4) throw new RangeError('The pixel buffer does not match the size')
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // colour type: RGBA
  ihdr[10] = 0 // deflate
  ihdr[11] = 0 // adaptive filtering
  ihdr[12] = 0 // no interlace
  const stride = width * 4
  const raw = Buffer.alloc((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0 // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1)
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// ── drawing ───────────────────────────────────────────────────────────────────────────────────────

export class Canvas {
  readonly pixels: Uint8Array
  constructor(
    readonly width: number,
    readonly height: number,
    background = 'FFFFFF',
  ) {
    this.pixels = new Uint8Array(width * height * 4)
    this.rect(0, 0, width, height, background)
  }

  /** Fills the rectangle [x, x+w) × [y, y+h), clipped to the canvas; colour as 'RRGGBB'. */
  rect(x: number, y: number, w: number, h: number, colour: string): void {
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(colour.slice(i, i + 2), 16))
    const x0 = Math.max(0, Math.round(x))
    const y0 = Math.max(0, Math.round(y))
    const x1 = Math.min(this.width, Math.round(x + w))
    const y1 = Math.min(this.height, Math.round(y + h))
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const i = (yy * this.width + xx) * 4
        this.pixels[i] = r
        this.pixels[i + 1] = g
        this.pixels[i + 2] = b
        this.pixels[i + 3] = 255
      }
    }
  }

  png(): Buffer {
    return encodePng(this.width, this.height, this.pixels)
  }
}

/** Colour-blind-safe bar colours (Okabe–Ito), in order. */
export const BAR_COLOURS = ['0072B2', 'E69F00', '009E73', 'CC79A7', '56B4E9', 'D55E00', 'F0E442', '000000']

export function barColour(i: number): string {
  return BAR_COLOURS[i % BAR_COLOURS.length]
}

/** A round step for gridlines: 1, 2, 5, 10, 20, 50… giving at most about five lines. */
export function gridStep(max: number): number {
  if (max <= 5) return 1
  const rough = max / 5
  const p = 10 ** Math.floor(Math.log10(rough))
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= rough) ?? 10 * p
}

/**
 * A vertical bar chart, one bar per value in the colours of barColour(i), with light gridlines at
 * gridStep intervals from zero. Text-free: label it in the document.
 */
export function barChart(values: readonly number[], size: { width: number; height: number } = { width: 480, height: 260 }): Buffer {
  const { width, height } = size
  const c = new Canvas(width, height)
  const pad = { left: 16, right: 16, top: 14, bottom: 18 }
  const plotW = width - pad.left - pad.right
  const plotH = height - pad.top - pad.bottom
  const max = Math.max(1, ...values)
  const step = gridStep(max)
  const top = Math.ceil(max / step) * step
  for (let v = step; v <= top; v += step) {
    const y = pad.top + plotH - (v / top) * plotH
    c.rect(pad.left, y, plotW, 1, 'D9D9D9')
  }
  const n = Math.max(1, values.length)
  const slot = plotW / n
  const barW = Math.max(2, Math.min(slot * 0.7, 90))
  values.forEach((v, i) => {
    const h = (v / top) * plotH
    const x = pad.left + i * slot + (slot - barW) / 2
    c.rect(x, pad.top + plotH - h, barW, h, barColour(i))
  })
  c.rect(pad.left, pad.top + plotH, plotW, 2, '505A5F') // baseline
  return c.png()
}
