/**
 * Printing through the system print dialog: the shell hands this the window's web contents. The page's
 * print stylesheet (styles.css, @media print) decides what is on paper; this only opens the dialog and
 * says whether the person went on to print.
 */
export interface Printable {
  print(options: { silent: boolean; printBackground: boolean }, callback: (success: boolean, failureReason: string) => void): void
}

export function printWithDialog(contents: Printable | null): Promise<boolean> {
  if (!contents) return Promise.resolve(false)
  return new Promise((resolve) => contents.print({ silent: false, printBackground: false }, (success) => resolve(success)))
}
