// The window: reads the till's status, then shows the one screen that
// applies (a fatal error, the first manager, sign-in, or the signed-in
// screens under the shared top bar), and owns what they share: language,
// progress line, reachability polling (platforms and site), idle lock and
// the keyboard.

import type { JSX } from "preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";

import { commands, type Language } from "../bindings";
import { I18n, translator } from "../i18n";
import { call, onSignedOut } from "../ipc";
import { Counter } from "../screens/counter/Counter";
import { Fatal } from "../screens/fatal/Fatal";
import { FirstManager } from "../screens/first-manager/FirstManager";
import { Manager } from "../screens/manager/Manager";
import { Settings } from "../screens/settings/Settings";
import { SignIn, type SignedOutWhy } from "../screens/sign-in/SignIn";
import { ErrorNote } from "../ui/ErrorNote";
import { focusScan } from "../ui/focus";
import { Banners } from "./Banners";
import { Busy, type Running } from "./Busy";
import { App as AppContext, type AppApi, type AppStatus, type Operator, type Screen } from "./context";
import { TopBar } from "./TopBar";
import { useIdleLock } from "./useIdleLock";
import { useKeyboard } from "./useKeyboard";
import { useLinks } from "./useLinks";
import { useSite } from "./useSite";

export function App(): JSX.Element {
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [operator, setOperator] = useState<Operator | null>(null);
  const [lang, setLang] = useState<Language>("en");
  const [screen, setScreen] = useState<Screen>("counter");
  const [running, setRunning] = useState<Running[]>([]);
  const [signedOutWhy, setSignedOutWhy] = useState<SignedOutWhy | null>(null);
  const nextTask = useRef(0);
  const ready = useRef(false);

  const i18n = useMemo(() => translator(lang), [lang]);
  const polling = status !== null && !status.startupError;
  const links = useLinks(status?.links, polling);
  const [site, siteChanged] = useSite(polling);

  const load = useCallback(async () => {
    const s = await call(commands.appStatus());
    setStatus(s);
    setLang(s.language);
    setOperator(s.signedIn);
    return s;
  }, []);

  useEffect(() => {
    load().catch(setFailure);
  }, [load]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // The cold-start figure: the first screen is drawn and takes input.
  useEffect(() => {
    if ((status || failure) && !ready.current) {
      ready.current = true;
      commands.uiReady().catch(() => undefined);
    }
  }, [status, failure]);

  const signedOut = useCallback((why: SignedOutWhy) => {
    setOperator(null);
    setScreen("counter");
    setSignedOutWhy(why);
  }, []);

  useEffect(() => {
    onSignedOut(() => signedOut("elsewhere"));
    return () => onSignedOut(null);
  }, [signedOut]);

  // Signing out cannot fail in a way that should keep the operator in: the
  // screen goes back to sign-in whatever the call says.
  const signOut = useCallback(async () => {
    await commands.signOut().catch(() => undefined);
    signedOut("self");
  }, [signedOut]);

  const idleLock = useCallback(() => {
    void commands
      .signOut()
      .catch(() => undefined)
      .then(() => signedOut("idle"));
  }, [signedOut]);
  useIdleLock(status?.idleLockMinutes ?? 0, operator ? idleLock : null);

  const busy = useCallback(async <T,>(label: string, work: () => Promise<T>): Promise<T> => {
    const id = ++nextTask.current;
    setRunning((r) => [...r, { id, label }]);
    try {
      return await work();
    } finally {
      setRunning((r) => r.filter((x) => x.id !== id));
    }
  }, []);

  const go = useCallback(
    (to: Screen) => {
      setScreen(to === "manager" && operator?.role !== "manager" ? "counter" : to);
      if (to === "counter") focusScan();
    },
    [operator],
  );

  const setLanguage = useCallback(
    (next: Language) => {
      call(commands.setLanguage(next)).then(
        () => {
          setLang(next);
          setFailure(null);
        },
        (e: unknown) => setFailure(e),
      );
    },
    [],
  );

  useKeyboard(screen, operator, go);

  const refreshStatus = useCallback(async () => {
    const s = await load();
    if (!s.signedIn) signedOut("elsewhere");
  }, [load, signedOut]);

  // The switch is done whatever the status read says: its failure shows
  // above the sign-in screen rather than keeping anyone signed in.
  const tillSwitched = useCallback(async () => {
    signedOut("till");
    await load().catch(setFailure);
  }, [load, signedOut]);

  const signedIn = useCallback((op: Operator) => {
    setOperator(op);
    setSignedOutWhy(null);
    setScreen("counter");
    setStatus((s) => (s ? { ...s, needsFirstManager: false, signedIn: op } : s));
    focusScan();
  }, []);

  if (!status) {
    return (
      <I18n.Provider value={i18n}>
        {failure ? <Fatal error={failure} dataDir={null} /> : <Busy running={[]} />}
      </I18n.Provider>
    );
  }

  const api: AppApi = { status, operator, links, site, siteChanged, go, refreshStatus, tillSwitched, signedIn, signOut, busy };

  function body(s: AppStatus): JSX.Element {
    if (s.needsFirstManager && !operator) return <FirstManager />;
    if (!operator) return <SignIn why={signedOutWhy} />;
    switch (screen) {
      case "manager":
        return <Manager />;
      case "settings":
        return <Settings />;
      case "counter":
        return <Counter />;
    }
  }

  return (
    <I18n.Provider value={i18n}>
      <AppContext.Provider value={api}>
        {status.startupError ? (
          <Fatal error={status.startupError} dataDir={status.dataDir} />
        ) : (
          <div class="window">
            <TopBar screen={screen} setLanguage={setLanguage} />
            <Banners />
            {failure !== null && <ErrorNote error={failure} />}
            <Busy running={running} />
            {body(status)}
          </div>
        )}
      </AppContext.Provider>
    </I18n.Provider>
  );
}
