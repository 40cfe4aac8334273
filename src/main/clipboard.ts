/**
 * The system clipboard for the handler table (src/main/api/signoff-clipboard.ts): Electron's own, as
 * plain text only. Thin on purpose: what is copied, and when it is cleared, is decided in api/.
 */
import type { ClipboardAccess } from './api/signoff-clipboard'

export interface ElectronClipboard {
  writeText(text: string): void
  readText(): string | Promise<string>
  clear(): void
}

export function systemClipboard(clipboard: ElectronClipboard): ClipboardAccess {
  return {
    writeText: (text) => clipboard.writeText(text),
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
  }
}
