import type { Channel, ChannelInput, ChannelOutput } from './ipc'
import type { Result } from './errors'
import type { AppEvent } from './channels'

/** What the preload puts on `window.api`, and what the e2e harness supplies in its place. */
export interface WindowApi {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>
  onEvent(listener: (event: AppEvent) => void): () => void
  /**
   * The full path of a file dropped on the window (Electron's webUtils.getPathForFile), or '' when the
   * drop carries none (a virtual file, such as a message dragged straight out of Outlook).
   */
  pathForFile?(file: File): string
}
