// What the sign-in screen (and the reprint and manager dialogs) says after a refused PIN:
// the tries left and the end of a lock come with the error; the words are
// the catalogue's, followed by the backend's own where they say what the
// catalogue cannot (why the site cannot check the PIN).

import type { Translator } from "../../i18n";
import { clockTime } from "../../i18n/format";
import { BackendError } from "../../ipc";
import { errorMessage, saidAsGiven } from "../../ui/ErrorNote";

export function pinError(tr: Translator, error: unknown, name: string, lockedUntil: string | null): string {
  if (error instanceof BackendError) {
    if (error.code === "wrong-pin" && error.triesLeft !== null) {
      return tr.t("signIn.wrongPin", { count: error.triesLeft, name });
    }
    const until = error.lockedUntil ?? lockedUntil;
    if (error.code === "operator-locked" && until) {
      return tr.t("signIn.locked", { name, time: clockTime(until, tr.locale) });
    }
  }
  const words = errorMessage(tr.t, error);
  return saidAsGiven(error) && error instanceof Error ? `${words} ${error.message}` : words;
}
