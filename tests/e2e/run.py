"""End-to-end checks of the real Box Office window.

Runs the built binary under the current X display (Xvfb in `./dev test`)
through tauri-driver and WebKitWebDriver, as a cashier would use it: the
scan field has focus, training mode is announced, the sandbox's orders are
listed, and a scanned code word opens its order.

Usage: run.py PATH_TO_BINARY   (BOX_OFFICE_SCREENSHOT=FILE saves a screenshot)
"""

from __future__ import annotations

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
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support.ui import Select
from selenium.webdriver.remote.webdriver import WebDriver


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
        except (WebDriverException, OSError) as e:  # not there yet, or not listening yet
            last = e
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}" + (f" ({last})" if last else ""))


@contextmanager
def driver_session(binary: str, data_dir: str) -> Iterator[WebDriver]:
    driver_bin = shutil.which("tauri-driver") or os.path.expanduser("~/.cargo/bin/tauri-driver")
    port, native = free_port(), free_port()
    env = dict(os.environ, BOX_OFFICE_DATA_DIR=data_dir)
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
        # tauri-driver now and then drops a proxied request: retry the start.
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


def test_counter_screen(d: WebDriver) -> None:
    field = wait_for("the scan field", lambda: d.find_element(By.ID, "scan"))
    active = d.execute_script("return document.activeElement && document.activeElement.id")
    assert active == "scan", f"the scan field should have focus on start, focus is on {active!r}"

    banner = wait_for("the training banner", lambda: d.find_element(By.ID, "training-banner"))
    assert "TRAINING MODE" in banner.text, banner.text

    rows = wait_for("the sandbox's orders", lambda: d.find_elements(By.CSS_SELECTOR, "tr.row"))
    assert len(rows) >= 20, f"expected the whole training repertoire, found {len(rows)} orders"
    listed = d.find_element(By.CSS_SELECTOR, ".orders").text
    for number in ("1001-5521", "VS-2001", "PC-3001"):
        assert number in listed, f"order {number} is not listed"

    # A scanner types the code and presses Enter; the order opens and focus
    # stays in the field for the next scan.
    field.send_keys("ёлка", Keys.ENTER)
    order = wait_for(
        "order AF-1001 to open",
        lambda: d.find_element(By.CSS_SELECTOR, 'article.order[data-order="afisha:AF-1001"]'),
    )
    text = order.text
    for expected in ("Бриллиантовая рука", "1001-5521", "ЁЛКА", "MSK", "Row 5, Seat 11"):
        assert expected in text, f"{expected!r} missing from the order view:\n{text}"
    active = d.execute_script("return document.activeElement && document.activeElement.id")
    assert active == "scan", "focus must return to the scan field after an order opens"

    # Keys typed while something else has focus still reach the field.
    d.execute_script("document.getElementById('scan').blur()")
    ActionChains(d).send_keys("VS-2001").perform()
    wait_for("typing to land in the scan field", lambda: d.find_element(By.ID, "scan").get_attribute("value") == "VS-2001")

    shot = os.environ.get("BOX_OFFICE_SCREENSHOT")
    if shot:
        d.find_element(By.ID, "scan").clear()
        d.find_element(By.ID, "scan").send_keys("ёлка", Keys.ENTER)
        time.sleep(0.5)
        d.save_screenshot(shot)


def scan(d: WebDriver, text: str) -> None:
    field = d.find_element(By.ID, "scan")
    field.clear()
    field.send_keys(text, Keys.ENTER)


def test_complete_a_vista_order(d: WebDriver) -> None:
    scan(d, "VS-2001")
    wait_for("VS-2001 to open", lambda: d.find_element(By.CSS_SELECTOR, 'article.order[data-order="vista:VS-2001"]'))
    expiry = d.find_element(By.CSS_SELECTOR, ".expiry").text
    assert "held for" in expiry, expiry
    d.find_element(By.ID, "complete").click()
    result = wait_for(
        "the completion to finish",
        lambda: (t := d.find_element(By.ID, "action-result").text) and "Collection number" in t and t,
        timeout=60,
    )
    assert "Completed" in str(result), result
    order = d.find_element(By.CSS_SELECTOR, "article.order").text
    assert "Sold" in order and "Request-ID" in order, order
    assert not d.find_elements(By.ID, "complete"), "a completed order cannot be completed again"


def test_save_tickets_as_pdf(d: WebDriver) -> None:
    scan(d, "1001-5521")
    wait_for("AF-1001 to open", lambda: d.find_element(By.CSS_SELECTOR, 'article.order[data-order="afisha:AF-1001"]'))
    Select(d.find_element(By.ID, "stock")).select_by_value("a4")
    d.find_element(By.ID, "save-pdf").click()
    text = str(wait_for("the PDF to be saved", lambda: (t := d.find_element(By.ID, "action-result").text).startswith("Saved") and t))
    path = text.split(" to ", 1)[1].rsplit(".pdf", 1)[0] + ".pdf"
    assert os.path.exists(path), path
    extracted = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Бриллиантовая рука" in extracted and "1001-5521" in extracted, extracted[:500]


def test_unknown_order_message(d: WebDriver) -> None:
    field = d.find_element(By.ID, "scan")
    field.clear()
    field.send_keys("NO-SUCH-ORDER-42", Keys.ENTER)
    msg = wait_for("the not-found message", lambda: d.find_element(By.CSS_SELECTOR, ".message").text)
    assert "No order matches" in str(msg), msg


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    failures = 0
    tests: tuple = ()
    with tempfile.TemporaryDirectory(prefix="box-office-e2e-") as data_dir:
        with driver_session(binary, data_dir) as d:
            tests = (test_counter_screen, test_complete_a_vista_order, test_save_tickets_as_pdf, test_unknown_order_message)
            for test in tests:
                try:
                    test(d)
                    print(f"ok   {test.__name__}")
                except Exception:  # report every failure, then fail the run
                    failures += 1
                    print(f"FAIL {test.__name__}\n{traceback.format_exc()}")
    print(f"e2e: {len(tests) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
