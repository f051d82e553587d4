"""End-to-end runs of the real Box Office window.

Runs the built binary under the current X display (Xvfb in `./dev test`)
through tauri-driver and WebKitWebDriver, as the people at a counter use it,
in two runs of the app:

1. Training, a new installation: a cashier signs in, scans a code word,
   prints to the CUPS test queue (the time from Enter to the job accepted is
   measured), completes a Vista order (pending, then completed with its
   collection number) and prints it; a manager reprints one ticket with a
   reason (authorised on the spot with the manager's PIN); the print log
   shows both and its chain checks; the window is switched to Russian and
   the lookup repeated; then the demo manager leaves training with a PIN,
   the window reopens on the real till, its first manager is created and a
   connection is added in Settings (the token lands in the OS keyring and is
   never on screen again). Every screen is photographed in both languages.
2. Real connections to a sandbox process, set up from the command line: the
   first manager is created in the window; the platform is stopped, a cached
   order is scanned and opens from the cache with its "cached at", its
   tickets save as PDF, a completion is refused; the platform is started
   again and the banner goes. This run is made twice, with the system
   locale English and then Russian, so these screens are photographed in
   both languages too. In the English run the manager then switches to
   training with a PIN: an order only the real till holds is not found
   there, and back on the real till the demo operators are not offered.
3. Site mode, in the English run: a second counter, the command line in a
   data folder of its own, joins a new site on the test PostgreSQL and
   prints the real order's tickets; the window's manager joins the same
   site in Settings → Site (the password typed there goes to the keyring),
   and printing the order at the window is refused, naming the other
   counter and who printed it; the print log shows the site's prints with
   their counter.

Usage: run.py PATH_TO_BINARY
Environment: BOX_OFFICE_CUPS_QUEUE and BOX_OFFICE_CUPS_PDF_DIR, and the
test PostgreSQL's BOX_OFFICE_TEST_PG_PORT, _BIN, _OWNER_PASSWORD and
_APP_PASSWORD (all set by ./dev test), BOX_OFFICE_SCREENSHOTS=DIR to keep the screenshots (default:
docs/screenshots of this checkout), BOX_OFFICE_E2E_REPORT=FILE for the
measured figures as JSON, BOX_OFFICE_E2E_CLOCK="YYYY-MM-DD HH:MM:SS" to run
the app (and the sandbox and command line it uses) on a clock started at that
local time, through libfaketime (TZ sets the zone).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from typing import Callable, Iterator

import urllib3
from PIL import ImageGrab
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHOTS = os.environ.get("BOX_OFFICE_SCREENSHOTS") or os.path.join(ROOT, "docs", "screenshots")
DEMO_MANAGER = ("Demo Manager", "2468")
DEMO_CASHIER = ("Demo Cashier", "1357")
REAL_MANAGER = ("Erin Manager", "864213")
AFISHA_TOKEN = "training-afisha-token"
REPORT: dict[str, object] = {}
# The UTC day the app's clock says, when it runs on a clock of its own.
CLOCK_UTC_DAY: str | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check: Callable[[], object], timeout: float = 20.0) -> object:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except (WebDriverException, OSError) as e:  # not there yet
            last = e
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}" + (f" ({last})" if last else ""))


@contextmanager
def driver_session(binary: str, data_dir: str, extra_env: dict[str, str] | None = None) -> Iterator[WebDriver]:
    driver_bin = shutil.which("tauri-driver") or os.path.expanduser("~/.cargo/bin/tauri-driver")
    port, native = free_port(), free_port()
    env = dict(os.environ, BOX_OFFICE_DATA_DIR=data_dir, BOX_OFFICE_PROBE_SECONDS="1", LANG="en_US.UTF-8")
    env.update(extra_env or {})
    # The driver's log goes to a file: a pipe nobody reads would fill up
    # and stall the driver (and the app) mid-run.
    log = open(os.path.join(data_dir, "tauri-driver.log"), "wb")
    proc = subprocess.Popen(
        [driver_bin, "--port", str(port), "--native-port", str(native)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for("tauri-driver to listen", lambda: socket.create_connection(("127.0.0.1", port), 0.2).close() or True)
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": binary})
        session: WebDriver | None = None
        for attempt in range(5):
            try:
                session = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
                break
            except (WebDriverException, OSError, urllib3.exceptions.HTTPError) as e:
                if attempt == 4:
                    raise
                print(f"  session start failed ({e.__class__.__name__}); retrying", file=sys.stderr)
                time.sleep(1)
        assert session is not None
        try:
            yield session
        finally:
            # WebKitWebDriver allows one session at a time: always end it.
            try:
                session.quit()
            except WebDriverException:
                pass
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


class Sandbox:
    """`box-office sandbox` as its own process, stopped and started at will."""

    def __init__(self, binary: str, port: int = 0) -> None:
        self.binary = binary
        self.port = port
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "sandbox", "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        assert self.url.startswith("http://127.0.0.1:"), self.url
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self) -> None:
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def cli(binary: str, data_dir: str, args: list[str], stdin: str = "") -> str:
    out = subprocess.run(
        [binary, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(os.environ, BOX_OFFICE_DATA_DIR=data_dir),
    )
    assert out.returncode == 0, f"box-office {' '.join(args)}: {out.stderr}"
    return out.stdout


# An order only the real till holds: the sandbox's AF-1001 under another id,
# number and code word (its order key, and the number a cashier types).
REAL_ORDER = ("afisha:REAL-7001", "7001-0001")


def import_real_order(binary: str, data_dir: str) -> None:
    doc = json.loads(cli(binary, data_dir, ["orders", "export", "afisha", "AF-1001"]))
    order = doc["order"]
    order["id"] = "REAL-7001"
    order["ids"]["orderNumber"] = REAL_ORDER[1]
    order["ids"]["codeWord"] = "РЕАЛ"
    for i, t in enumerate(order["tickets"]):
        t["id"] = f"REAL-7001-{i + 1}"
    path = os.path.join(data_dir, "real-order.json")
    with open(path, "w") as f:
        json.dump(doc, f, ensure_ascii=False)
    cli(binary, data_dir, ["orders", "import", path])


def ledger(sandbox: Sandbox) -> dict:
    with urllib3.PoolManager() as http:
        return json.loads(http.request("GET", f"{sandbox.url}/_sandbox/ledger").data)


def el(d: WebDriver, css: str):  # noqa: ANN201 - a WebElement
    return d.find_element(By.CSS_SELECTOR, css)


def shown(d: WebDriver, css: str) -> bool:
    return any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, css))


def active_id(d: WebDriver) -> str:
    return d.execute_script("return document.activeElement && document.activeElement.id") or ""


def capture(d: WebDriver, path: str) -> None:
    """The window as the X server shows it. WebKitWebDriver's own
    screenshot waits on WebKit's GPU compositing, which Box Office switches
    off (src-tauri/src/app/engine.rs), so the window is read from the
    display instead."""
    rect = d.get_window_rect()
    screen = ImageGrab.grab(xdisplay=os.environ.get("DISPLAY"))
    left, top = max(0, rect["x"]), max(0, rect["y"])
    right = min(screen.width, left + rect["width"])
    bottom = min(screen.height, top + rect["height"])
    screen.crop((left, top, right, bottom)).save(path)


def shot(d: WebDriver, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    time.sleep(0.3)  # let the last render settle
    capture(d, os.path.join(SHOTS, f"{name}.png"))


def sign_in(d: WebDriver, name: str, pin: str) -> None:
    wait_for("the sign-in screen", lambda: shown(d, "#sign-in"))
    button = wait_for(
        f"{name} to be offered",
        lambda: next((b for b in d.find_elements(By.CSS_SELECTOR, "button.operator") if name in b.text), None),
    )
    button.click()  # type: ignore[union-attr]
    field = wait_for("the PIN field", lambda: el(d, "#pin"))
    field.send_keys(pin)  # type: ignore[union-attr]
    el(d, "#sign-in-button").click()
    wait_for("the counter", lambda: shown(d, "#counter"))
    wait_for("the operator's name", lambda: name in el(d, "#operator-name").text)


def sign_out(d: WebDriver) -> None:
    el(d, "#sign-out").click()
    wait_for("the sign-in screen", lambda: shown(d, "#sign-in"))


def scan(d: WebDriver, text: str) -> None:
    field = wait_for("the scan field", lambda: el(d, "#scan"))
    # As a cashier replaces what is there: select it all, type over it.
    # (WebDriver's clear() empties the field without an input event, and
    # the next render puts the old text back.)
    field.send_keys(Keys.CONTROL, "a")  # type: ignore[union-attr]
    field.send_keys(text, Keys.ENTER)  # type: ignore[union-attr]


def open_order(d: WebDriver, text: str, key: str) -> object:
    scan(d, text)
    return wait_for(f"{key} to open", lambda: el(d, f'article.order[data-order="{key}"]'))


def press(d: WebDriver, key: str) -> None:
    ActionChains(d).send_keys(key).perform()


def result(d: WebDriver, tone: str | None = None, timeout: float = 60) -> str:
    def ready() -> str | None:
        r = el(d, "#action-result")
        t = r.get_attribute("data-tone")
        if t and t != "wait" and r.text.strip() and (tone is None or t == tone):
            return r.text
        return None

    return str(wait_for(f"an action result ({tone or 'any'})", ready, timeout))


def copies_of(d: WebDriver, ticket: str) -> str:
    return el(d, f'tr.ticket[data-ticket="{ticket}"] .copies').text


# --- run 1: training mode ------------------------------------------------------


def test_first_screen_and_sign_in(d: WebDriver) -> None:
    wait_for("the sign-in screen", lambda: shown(d, "#sign-in"))
    banner = wait_for("the training banner", lambda: el(d, "#training-banner"))
    assert "TRAINING MODE" in banner.text, banner.text  # type: ignore[union-attr]
    shot(d, "sign-in-en")
    # A wrong PIN says so and signs nobody in.
    next(b for b in d.find_elements(By.CSS_SELECTOR, "button.operator") if DEMO_CASHIER[0] in b.text).click()
    el(d, "#pin").send_keys("9999")
    el(d, "#sign-in-button").click()
    wait_for("the wrong-PIN message", lambda: el(d, "#sign-in-error").text.strip())
    assert not shown(d, "#counter")


def test_manager_chooses_the_printer(d: WebDriver) -> None:
    sign_in(d, *DEMO_MANAGER)
    el(d, "#nav-settings").click()
    wait_for("the settings", lambda: shown(d, "#settings"))
    queue = os.environ["BOX_OFFICE_CUPS_QUEUE"]
    wait_for("the CUPS queues", lambda: any(o.get_attribute("value") == queue for o in el(d, "#printer").find_elements(By.TAG_NAME, "option")))
    Select(el(d, "#printer")).select_by_value(queue)
    Select(el(d, "#stock")).select_by_value("thermal-80")
    el(d, "#settings-save").click()
    wait_for("the settings to be saved", lambda: el(d, "#settings-result").text.strip())
    # Training keeps its own settings, in its own folder.
    settings = json.load(open(os.path.join(os.environ["BOX_OFFICE_DATA_DIR_E2E"], "training", "settings.json")))
    assert settings["printer"] == queue, settings
    shot(d, "settings-en")
    sign_out(d)


def test_cashier_scans_and_prints_in_three_keys(d: WebDriver) -> None:
    sign_in(d, *DEMO_CASHIER)
    assert active_id(d) == "scan", "the scan field has the focus"
    shot(d, "counter-en")
    # Scan (the scanner's Enter) opens the order; F4 prints it.
    order = open_order(d, "ёлка", "afisha:AF-1001")
    text = order.text  # type: ignore[union-attr]
    for expected in ("Бриллиантовая рука", "1001-5521", "ЁЛКА"):
        assert expected in text, f"{expected!r} missing from the order:\n{text}"
    assert active_id(d) == "scan", "focus returns to the scan field"
    shot(d, "order-en")
    press(d, Keys.F4)
    said = result(d, "ok")
    assert copies_of(d, "AF-1001-1") and copies_of(d, "AF-1001-1") != "—", said
    t = d.execute_script("return window.__boxOffice && window.__boxOffice.timings")
    assert t and t.get("enter") is not None and t.get("opened") is not None, t
    # The software's share: Enter to the order on screen, plus the print
    # call to CUPS accepting the job; the time the cashier takes to press F4
    # is theirs, not the software's.
    software_ms = (t["opened"] - t["enter"]) + t["acceptedAfterMs"]
    REPORT["enter_to_open_ms"] = round(t["opened"] - t["enter"], 1)
    REPORT["print_call_to_accepted_ms"] = t["acceptedAfterMs"]
    REPORT["print_call_to_job_completed_ms"] = t["finishedAfterMs"]
    REPORT["enter_to_print_accepted_software_ms"] = round(software_ms, 1)
    print(f"  Enter to the order open: {REPORT['enter_to_open_ms']} ms; print call to CUPS accepting the job: "
          f"{t['acceptedAfterMs']} ms (the job completed in CUPS after {t['finishedAfterMs']} ms); software time Enter to accepted: {REPORT['enter_to_print_accepted_software_ms']} ms")
    # Nothing prints as a second original: Print is gone, the order says
    # to use Reprint, and F4 changes nothing.
    assert not shown(d, "#print"), "Print is offered for an order printed in full"
    assert "Reprint" in el(d, "p.printable").text, el(d, "p.printable").text
    before = copies_of(d, "AF-1001-1")
    press(d, Keys.F4)
    time.sleep(1)
    assert copies_of(d, "AF-1001-1") == before, "F4 printed a second original"



def test_cashier_completes_a_vista_order(d: WebDriver) -> None:
    open_order(d, "VS-2001", "vista:VS-2001")
    assert shown(d, ".expiry"), "an in-progress order shows its hold"
    press(d, Keys.F2)
    seen: list[str] = []

    def done() -> bool:
        for c in d.find_elements(By.ID, "completion"):
            s = c.get_attribute("data-state") or ""
            if not seen or seen[-1] != s:
                seen.append(s)
        return bool(seen) and seen[-1] == "completed"

    wait_for("the completion to finish", done, timeout=90)
    assert "pending" in seen, f"the platform's PENDING is shown while it works: {seen}"
    number = wait_for("the collection number", lambda: el(d, "#collection-number").text.strip())
    assert el(d, "#request-id").text.strip()
    assert not shown(d, "#complete"), "a completed order is not offered Complete again"
    REPORT["completion_states_seen"] = seen
    print(f"  completion states seen: {' → '.join(seen)}; collection number {number}")
    press(d, Keys.F4)
    result(d, "ok")


def test_cashier_reprints_with_a_managers_pin(d: WebDriver) -> None:
    open_order(d, "1001-5521", "afisha:AF-1001")
    wait_for("Reprint to be offered", lambda: shown(d, "#reprint"))
    press(d, Keys.F8)
    wait_for("the reprint dialog", lambda: shown(d, "#reprint-dialog"))
    el(d, 'input.reprint-ticket[value="AF-1001-2"]').click()
    Select(el(d, "#reprint-reason")).select_by_value("printer-jam")
    manager = Select(el(d, "#reprint-manager"))
    manager.select_by_visible_text(next(o.text for o in manager.options if DEMO_MANAGER[0] in o.text))
    el(d, "#reprint-manager-pin").send_keys(DEMO_MANAGER[1])
    shot(d, "reprint-en")
    el(d, "#reprint-confirm").click()
    wait_for("the dialog to close", lambda: not shown(d, "#reprint-dialog"), timeout=60)
    result(d, "ok")
    wait_for("the reprint to be counted", lambda: copies_of(d, "AF-1001-2") != copies_of(d, "AF-1001-1"))
    sign_out(d)


def test_manager_sees_both_in_the_print_log(d: WebDriver) -> None:
    sign_in(d, *DEMO_MANAGER)
    el(d, "#nav-manager").click()
    wait_for("the print log", lambda: shown(d, "#manager"))
    rows = wait_for("print log rows", lambda: d.find_elements(By.CSS_SELECTOR, "tr.print"))
    text = el(d, "#manager").text
    assert len(rows) >= 5, f"2 + 2 originals and a reprint, found {len(rows)}"  # type: ignore[arg-type]
    for expected in ("1001-5521", "Demo Cashier", "Demo Manager"):
        assert expected in text, f"{expected!r} missing from the print log:\n{text}"
    el(d, "#log-reprints").click()
    el(d, "#log-apply").click()
    wait_for("only the reprint", lambda: len(d.find_elements(By.CSS_SELECTOR, "tr.print")) == 1)
    el(d, "#log-verify").click()
    chain = wait_for("the chain check", lambda: el(d, "#chain-result").get_attribute("data-intact"))
    assert chain == "true", el(d, "#chain-result").text
    shot(d, "manager-en")


def keyring_has(account: str) -> str | None:
    out = subprocess.run(
        ["secret-tool", "lookup", "service", "org.boxoffice.desktop", "username", account],
        capture_output=True,
        text=True,
    )
    return out.stdout if out.returncode == 0 else None


def authorise(d: WebDriver, name: str, pin: str, reason: str | None = None) -> None:
    """Completes the manager dialog a privileged act opens."""
    wait_for("the manager dialog", lambda: shown(d, "#manager-dialog"))
    manager = Select(el(d, "#manager-dialog-manager"))
    manager.select_by_visible_text(next(o.text for o in manager.options if name in o.text))
    el(d, "#manager-dialog-pin").send_keys(pin)
    if reason is not None:
        el(d, "#manager-dialog-reason").send_keys(reason)
    el(d, "#manager-dialog-confirm").click()


def switch_till(d: WebDriver, name: str, pin: str) -> None:
    """Settings → Training → the switch, authorised; the window reopens on the other till."""
    el(d, "#nav-settings").click()
    wait_for("the settings", lambda: shown(d, "#training-section"))
    el(d, "#training-switch").click()
    authorise(d, name, pin)
    wait_for("the other till", lambda: shown(d, "#till-switched") or shown(d, "#first-manager"), timeout=60)


def test_leaving_training_opens_the_real_till(d: WebDriver) -> None:
    sign_in(d, *DEMO_MANAGER)
    switch_till(d, *DEMO_MANAGER)
    wait_for("the first-manager screen", lambda: shown(d, "#first-manager"), timeout=30)
    assert not d.find_elements(By.ID, "training-banner"), "the real till is not training"
    el(d, "#manager-name").send_keys(REAL_MANAGER[0])
    el(d, "#manager-pin").send_keys(REAL_MANAGER[1])
    el(d, "#manager-pin-again").send_keys(REAL_MANAGER[1])
    el(d, "#create-manager").click()
    wait_for("the counter", lambda: shown(d, "#counter"))
    # Training's orders stayed in training.
    scan(d, "ёлка")
    time.sleep(1)
    assert not d.find_elements(By.CSS_SELECTOR, 'article.order[data-order="afisha:AF-1001"]')
    settings = json.load(open(os.path.join(os.environ["BOX_OFFICE_DATA_DIR_E2E"], "settings.json")))
    assert settings["trainingMode"] is False, settings


def test_manager_adds_a_connection(d: WebDriver, sandbox: Sandbox) -> None:
    el(d, "#nav-settings").click()
    wait_for("the settings", lambda: shown(d, "#settings"))
    name = "afisha-e2e"
    el(d, "#conn-name").send_keys(name)
    Select(el(d, "#conn-platform")).select_by_value("afisha")
    el(d, "#conn-url").send_keys(sandbox.url)
    el(d, "#conn-token").send_keys(AFISHA_TOKEN)
    el(d, "#conn-zone").send_keys("Europe/Moscow")
    el(d, "#conn-add").click()
    row = wait_for("the new connection", lambda: el(d, f'tr.connection[data-name="{name}"]'))
    assert "stored" in row.text.lower() or "сохран" in row.text.lower(), row.text  # type: ignore[union-attr]
    assert el(d, "#conn-token").get_attribute("value") == "", "the token field is emptied"
    assert AFISHA_TOKEN not in d.page_source, "the token is never on screen again"
    assert keyring_has(f"{name}/bearer-token") == AFISHA_TOKEN, "the token is in the OS keyring"
    el(d, f'button.conn-test[data-name="{name}"]').click()
    wait_for("the connection test", lambda: el(d, "#conn-result").text.strip(), timeout=30)


def test_russian(d: WebDriver) -> None:
    Select(el(d, "#language")).select_by_value("ru")
    wait_for("the Russian screen", lambda: "Настройки" in d.find_element(By.TAG_NAME, "body").text or "НАСТРОЙКИ" in d.find_element(By.TAG_NAME, "body").text)
    shot(d, "settings-ru")
    el(d, "#nav-manager").click()
    wait_for("the print log", lambda: shown(d, "#manager"))
    shot(d, "manager-ru")
    el(d, "#nav-counter").click()
    wait_for("the counter", lambda: shown(d, "#counter"))
    banner = el(d, "#training-banner").text
    assert "УЧЕБНЫЙ РЕЖИМ" in banner.upper(), banner
    shot(d, "counter-ru")
    order = open_order(d, "ЁЛКА", "afisha:AF-1001")
    text = order.text  # type: ignore[union-attr]
    assert "Ряд" in text and "1001-5521" in text, text
    shot(d, "order-ru")
    press(d, Keys.F8)
    wait_for("the reprint dialog", lambda: shown(d, "#reprint-dialog"))
    shot(d, "reprint-ru")
    press(d, Keys.ESCAPE)
    wait_for("the dialog to close", lambda: not shown(d, "#reprint-dialog"))
    assert active_id(d) == "scan", "Escape goes back to the scan field"
    sign_out(d)
    shot(d, "sign-in-ru")


# --- run 2: real connections, offline and back ------------------------------------


def test_first_manager_offline_and_back(d: WebDriver, sandbox: Sandbox, binary: str, data_dir: str, lang: str) -> None:
    wait_for("the first-manager screen", lambda: shown(d, "#first-manager"))
    shot(d, f"first-manager-{lang}")
    assert not d.find_elements(By.ID, "training-banner"), "with connections set up there is no training"
    el(d, "#manager-name").send_keys(REAL_MANAGER[0])
    el(d, "#manager-pin").send_keys(REAL_MANAGER[1])
    el(d, "#manager-pin-again").send_keys(REAL_MANAGER[1])
    el(d, "#create-manager").click()
    wait_for("the counter", lambda: shown(d, "#counter"))
    wait_for("Afisha to be online", lambda: el(d, '.link[data-platform="afisha"]').get_attribute("data-reach") == "online")

    # The platform goes away: one banner, not an error per click.
    sandbox.stop()
    wait_for("the offline banner", lambda: shown(d, "#offline-afisha"), timeout=30)
    order = open_order(d, "ёлка", "afisha:AF-1001")
    source = el(d, "#source").text
    assert source.strip() and not shown(d, "#source.live"), source
    shot(d, f"offline-{lang}")
    el(d, "#save-pdf").click()
    saved = result(d, "ok")
    pdfs = [f for f in os.listdir(os.path.join(data_dir, "tickets")) if f.endswith(".pdf")]
    assert pdfs, f"no PDF saved: {saved}"
    if CLOCK_UTC_DAY:
        assert any(CLOCK_UTC_DAY in f for f in pdfs), f"the app runs on its own clock ({CLOCK_UTC_DAY}): {pdfs}"
    REPORT[f"offline_source_{lang}"] = source

    open_order(d, "VS-2001", "vista:VS-2001")
    wait_for("Vista to be offline", lambda: el(d, '.link[data-platform="vista"]').get_attribute("data-reach") == "offline", timeout=30)
    press(d, Keys.F2)
    refused = result(d, "bad")
    assert not shown(d, '#completion[data-state="sending"]'), refused
    journal = cli(binary, data_dir, ["completions", "list", "--json"])
    assert "VS-2001" not in journal, f"nothing may wait to be sent: {journal}"

    # Back on the same address: the banners go.
    sandbox.start()
    wait_for("the banners to go", lambda: not shown(d, "#offline-afisha") and not shown(d, "#offline-vista"), timeout=30)
    shot(d, f"offline-back-{lang}")


def test_training_from_a_real_till_touches_nothing_real(d: WebDriver, sandbox: Sandbox) -> None:
    open_order(d, REAL_ORDER[1], REAL_ORDER[0])
    switch_till(d, *REAL_MANAGER)
    wait_for("training's sign-in", lambda: shown(d, "#training-banner"), timeout=30)
    sign_in(d, *DEMO_CASHIER)
    # The real till's last probe may still have been under way at the switch.
    time.sleep(1.5)
    before = ledger(sandbox)["requests"]
    scan(d, REAL_ORDER[1])
    wait_for("the search to answer", lambda: el(d, "#search-message").text.strip(), timeout=30)
    # Long enough for training's platform probes (every second here) to run.
    time.sleep(2.5)
    assert not d.find_elements(By.CSS_SELECTOR, f'article.order[data-order="{REAL_ORDER[0]}"]'), "training found a real order"
    assert ledger(sandbox)["requests"] == before, "training reached the real platform"
    sign_out(d)
    sign_in(d, *DEMO_MANAGER)
    switch_till(d, *DEMO_MANAGER)
    wait_for("the real till's sign-in", lambda: shown(d, "#sign-in") and not shown(d, "#training-banner"), timeout=30)
    names = " ".join(b.text for b in d.find_elements(By.CSS_SELECTOR, "button.operator"))
    assert "Demo" not in names and REAL_MANAGER[0] in names, names


SITE_CASHIER = ("Анна Кассирова", "517390")


def pg_env(name: str) -> str:
    value = os.environ.get(f"BOX_OFFICE_TEST_PG_{name}")
    assert value, f"BOX_OFFICE_TEST_PG_{name} is not set: run this through ./dev test, which starts PostgreSQL"
    return value


def test_two_counters_one_site(d: WebDriver, binary: str, data_dir: str) -> None:
    port, app_password = pg_env("PORT"), pg_env("APP_PASSWORD")
    database = f"e2e_{os.getpid()}_{int(time.time())}"
    created = subprocess.run(
        [os.path.join(pg_env("BIN"), "psql"), "-h", "127.0.0.1", "-p", port, "-U", "box_office_owner",
         "-d", "box_office", "-v", "ON_ERROR_STOP=1", "-c", f"CREATE DATABASE {database}"],
        capture_output=True, text=True, env=dict(os.environ, PGPASSWORD=pg_env("OWNER_PASSWORD")),
    )
    assert created.returncode == 0, created.stderr
    at = ["--host", "127.0.0.1", "--port", port, "--database", database]
    cli(binary, data_dir, ["site", "migrate", *at, "--role", "box_office_owner"], pg_env("OWNER_PASSWORD") + "\n")

    # The other counter: the command line, with its own folder and manager.
    with tempfile.TemporaryDirectory(prefix="box-office-e2e-site-") as other:
        cli(binary, other, ["operators", "add", SITE_CASHIER[0], "--role", "manager"], SITE_CASHIER[1] + "\n")
        cli(binary, other, ["site", "join", *at, "--role", "box_office_app", "--counter", "kassa-cli",
                            "--manager", SITE_CASHIER[0]], f"{SITE_CASHIER[1]}\n{app_password}\n")
        cli(binary, other, ["orders", "import", os.path.join(data_dir, "real-order.json")])

        # The window's manager joins the same site in Settings → Site.
        sign_in(d, *REAL_MANAGER)
        el(d, "#nav-settings").click()
        wait_for("the site section", lambda: shown(d, "#site-section"))
        for field, value in (("#site-host", "127.0.0.1"), ("#site-port", port), ("#site-database", database),
                             ("#site-counter", "kassa-window"), ("#site-password", app_password)):
            box = el(d, field)
            box.send_keys(Keys.CONTROL, "a")
            box.send_keys(value)
        el(d, "#site-join").click()
        authorise(d, *REAL_MANAGER)
        wait_for("the joined site", lambda: shown(d, "#site-address"), timeout=30)
        assert "kassa-window" in el(d, "#site-counter-name").text
        assert app_password not in d.page_source, "the password is never on screen again"
        assert keyring_has("site-kassa-window/site-password") == app_password, "the password is in the OS keyring"
        shot(d, "site-settings-en")

        # The window has the order open, not yet printed anywhere; the
        # command line prints its original; the window is then refused it,
        # by its copy of the site's log or by the site itself, and told who.
        el(d, "#nav-counter").click()
        wait_for("the counter", lambda: shown(d, "#counter"))
        open_order(d, REAL_ORDER[1], REAL_ORDER[0])
        save = wait_for("Save as PDF to be offered", lambda: el(d, "#save-pdf"))
        printed = cli(binary, other, ["print", "afisha", "REAL-7001", "--operator", SITE_CASHIER[0],
                                      "--pdf", os.path.join(other, "real.pdf")], SITE_CASHIER[1] + "\n")
        assert "original" in printed, printed
        save.click()  # a PDF is a print too; this counter has no printer set
        refused = result(d, "bad")
        assert "kassa-cli" in refused and SITE_CASHIER[0] in refused, refused
        d.execute_script("document.getElementById('action-result').scrollIntoView({block: 'end'})")
        shot(d, "site-refused-en")

        el(d, "#nav-manager").click()
        wait_for("the print log", lambda: shown(d, "#manager"))
        wait_for("the site's prints", lambda: "kassa-cli" in " ".join(c.text for c in d.find_elements(By.CSS_SELECTOR, "td.site-counter")))
        shot(d, "site-print-log-en")
        status = json.loads(cli(binary, other, ["site", "status", "--json"]))
        assert status["pending"] == 0 and status["reachable"] is True, status


def clocked(binary: str, at: str, folder: str) -> str:
    """A wrapper that runs `binary` on a clock started at local time `at`
    (libfaketime, which WebKit's processes inherit). Only Box Office's
    processes get it: the test's own timeouts keep the real clock."""
    lib = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"
    assert os.path.exists(lib), f"{lib} is missing: apt-get install faketime"
    wrapper = os.path.join(folder, "box-office")
    with open(wrapper, "w") as f:
        f.write(
            "#!/bin/sh\n"
            f"export LD_PRELOAD={lib} FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME='@{at}'\n"
            f'exec "{binary}" "$@"\n'
        )
    os.chmod(wrapper, 0o755)
    return wrapper


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    clock = os.environ.get("BOX_OFFICE_E2E_CLOCK")
    wrappers = tempfile.TemporaryDirectory(prefix="box-office-e2e-clock-")
    if clock:
        global CLOCK_UTC_DAY
        from datetime import datetime, timezone
        from zoneinfo import ZoneInfo

        local = datetime.fromisoformat(clock).replace(tzinfo=ZoneInfo(os.environ.get("TZ", "UTC")))
        CLOCK_UTC_DAY = local.astimezone(timezone.utc).strftime("%Y%m%d")
        binary = clocked(binary, clock, wrappers.name)
        print(f"  the app's clock starts at {clock} ({os.environ.get('TZ', 'the system zone')})")
    failures = 0
    ran = 0

    def run(test: Callable[..., None], *args: object) -> bool:
        nonlocal failures, ran
        ran += 1
        try:
            test(*args)
            print(f"ok   {test.__name__}")
            return True
        except Exception:  # report every failure, then fail the run
            failures += 1
            print(f"FAIL {test.__name__}\n{traceback.format_exc()}")
            for a in args:  # what the window showed, for whoever reads the log
                if isinstance(a, WebDriver):
                    try:
                        path = os.path.join(tempfile.gettempdir(), f"box-office-e2e-{test.__name__}.png")
                        capture(a, path)
                        body = a.execute_script("return document.body ? document.body.innerText : ''")
                        print(f"  the window showed (screenshot {path}):\n{body[:3000]}")
                        errors = a.execute_script("return (window.__boxOffice && window.__boxOffice.errors) || []")
                        for e in errors:
                            print(f"  script error: {e}")
                    except WebDriverException as e:
                        print(f"  (no screenshot: {e.__class__.__name__})")
            return False

    sandbox = Sandbox(binary)
    sandbox.start()
    try:
        with tempfile.TemporaryDirectory(prefix="box-office-e2e-") as data_dir:
            os.environ["BOX_OFFICE_DATA_DIR_E2E"] = data_dir
            with driver_session(binary, data_dir) as d:
                steps: list[tuple[Callable[..., None], tuple]] = [
                    (test_first_screen_and_sign_in, (d,)),
                    (test_manager_chooses_the_printer, (d,)),
                    (test_cashier_scans_and_prints_in_three_keys, (d,)),
                    (test_cashier_completes_a_vista_order, (d,)),
                    (test_cashier_reprints_with_a_managers_pin, (d,)),
                    (test_manager_sees_both_in_the_print_log, (d,)),
                    (test_russian, (d,)),
                    (test_leaving_training_opens_the_real_till, (d,)),
                    (test_manager_adds_a_connection, (d, sandbox)),
                ]
                for test, args in steps:
                    if not run(test, *args):
                        break  # later steps build on earlier ones

        # Run 2, once per language (the system locale picks it): a new
        # counter's first manager, then offline and back.
        for lang, locale in (("en", "en_US.UTF-8"), ("ru", "ru_RU.UTF-8")):
            with tempfile.TemporaryDirectory(prefix=f"box-office-e2e-offline-{lang}-") as data_dir:
                for platform, extra, secrets in (
                    ("vista", [], "training-vista-token\n"),
                    ("afisha", ["--time-zone", "Europe/Moscow"], f"{AFISHA_TOKEN}\n"),
                ):
                    cli(binary, data_dir, ["profiles", "add", f"{platform}-e2e", "--platform", platform, "--url", sandbox.url, *extra], secrets)
                cli(binary, data_dir, ["orders", "import", "--sandbox", sandbox.url])
                import_real_order(binary, data_dir)
                with driver_session(binary, data_dir, {"LANG": locale}) as d:
                    ok = run(test_first_manager_offline_and_back, d, sandbox, binary, data_dir, lang)
                    if ok and lang == "en":
                        ok = run(test_training_from_a_real_till_touches_nothing_real, d, sandbox)
                    if ok and lang == "en":
                        ok = run(test_two_counters_one_site, d, binary, data_dir)
                for platform in ("vista", "afisha"):
                    cli(binary, data_dir, ["profiles", "remove", f"{platform}-e2e", "--manager", REAL_MANAGER[0]], f"{REAL_MANAGER[1]}\n")
                if not ok:
                    break
    finally:
        sandbox.stop()
    report = os.environ.get("BOX_OFFICE_E2E_REPORT")
    if report:
        with open(report, "w") as f:
            json.dump(REPORT, f, indent=2)
    print(f"e2e: {ran - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
