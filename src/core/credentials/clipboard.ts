/** How long a secret put on the clipboard stays there, if nothing else is copied meanwhile. */
export const CLIPBOARD_CLEAR_SECONDS = 60;

export interface Clipboard {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

export interface CopySecretOptions {
  readonly delayMs?: number;
  /** The timer (setTimeout by default; tests pass their own). */
  readonly setTimer?: (run: () => void, ms: number) => unknown;
}

/**
 * Puts `text` (a secret) on the clipboard and, `delayMs` later (60 s), clears the
 * clipboard if it still holds exactly that text: what the user copied since is left
 * alone. `cleared` resolves true when it cleared it, false when the clipboard had moved
 * on (or could not be read).
 */
export async function copySecret(
  clipboard: Clipboard,
  text: string,
  options: CopySecretOptions = {},
): Promise<{ cleared: Promise<boolean> }> {
  await clipboard.write(text);
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const cleared = new Promise<boolean>((resolve) => {
    setTimer(
      () => {
        clipboard
          .read()
          .then(async (now) => {
            if (now !== text) return false;
            await clipboard.write('');
            return true;
          })
          .then(resolve, () => resolve(false));
      },
      options.delayMs ?? CLIPBOARD_CLEAR_SECONDS * 1000,
    );
  });
  return { cleared };
}
