// The window's one door to the backend: a generated command's Result turned
// into a value or a thrown BackendError carrying the stable code, so screens
// write straight-line async code and show errors in one way. A `signed-out`
// answer from any command also tells the app to go back to sign-in.

import type { ErrorCode, IpcError } from "./bindings";

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

export class BackendError extends Error {
  readonly code: ErrorCode;
  /** `wrong-pin`: tries left before the operator is locked. */
  readonly triesLeft: number | null;
  /** `operator-locked`: when the lock ends. */
  readonly lockedUntil: string | null;
  constructor(error: IpcError) {
    // The backend's English sentence: only ever shown in the details view.
    super(error.message);
    this.code = error.code;
    this.triesLeft = error.triesLeft ?? null;
    this.lockedUntil = error.lockedUntil ?? null;
  }
}

let signedOut: (() => void) | null = null;

/** Who to tell when the backend says nobody is signed in (the app). */
export function onSignedOut(listener: (() => void) | null): void {
  signedOut = listener;
}

export async function call<T>(pending: Promise<Outcome<T>>): Promise<T> {
  const outcome = await pending;
  if (outcome.status === "ok") return outcome.data;
  if (outcome.error.code === "signed-out") signedOut?.();
  throw new BackendError(outcome.error);
}

/** The code of an error caught from `call`, if it came from the backend. */
export function codeOf(e: unknown): ErrorCode | null {
  return e instanceof BackendError ? e.code : null;
}
