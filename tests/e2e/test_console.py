"""The web console in headless Chromium (Selenium + Debian chromium-driver) against the
whole local system: sign in, drop PDFs and a DOCX into a batch, watch it finish live,
check a field's provenance box on the page image (a PDF's and a DOCX's), filter,
cancel, retry and delete.

Screenshots go to ``test-artifacts/console/``; with ``UPDATE_README_SCREENSHOT=1`` the
resume page is also written to ``docs/img/console.png`` for the README.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pymupdf
import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from resumeflow_dev.fake_llm import FakeLLM
from resumeflow_dev.requires import needs
from resumeflow_dev.samples import (
    SampleResume,
    corrupt_pdf,
    legacy_doc,
    resume_docx,
    resume_pdf,
)
from resumeflow_dev.stack import Stack

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "console"
README_SHOT = ROOT / "docs" / "img" / "console.png"
KEY = "console-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
NAMES = ["Alice Martin", "Bruno Costa", "Chen Wei"]
WORD_NAME = "Erin Walsh"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.e2e,
    needs(
        None not in (CHROMEDRIVER, CHROMIUM, shutil.which("soffice")),
        "chromium, chromium-driver or libreoffice-writer-nogui",
    ),
]


@pytest.fixture
def console_stack(
    tmp_path: Path, mongo_url: str, db_name: str, fake_llm: FakeLLM
) -> Iterator[Stack]:
    system = Stack(
        workdir=tmp_path / "stack",
        mongodb_url=mongo_url,
        env={
            "MONGODB_DB": db_name,
            "API_KEYS": f"{KEY}:acme",
            "OPENAI_API_KEY": "test-key",
            "OPENAI_BASE_URL": fake_llm.base_url,
            "ENHANCER_MODEL": "fake-model",
            "PARSER_BACKOFF": "0.5,1,2",
            "ENHANCER_BACKOFF": "0.5,1,2",
            "NOTIFIER_BACKOFF": "0.5,1,2",
        },
    )
    with system.serving():
        yield system


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # root in a container has no user namespaces for the sandbox
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1366,768",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def wait(driver: WebDriver, condition: Any, timeout: float = 60, what: str = "") -> Any:
    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition, what)


def click(driver: WebDriver, by: str, value: str, what: str = "") -> None:
    """Click an element of a live view: the page may re-render it (a status pushed over
    the event stream) between finding and clicking; then the new one is clicked."""
    WebDriverWait(
        driver, 60, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,)
    ).until(lambda d: d.find_element(by, value).click() or True, what or value)


def shot(driver: WebDriver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")
    return path


def text_of(driver: WebDriver, css: str) -> str:
    """Read in the page in one step: live views re-render their elements at any time."""
    text: str = driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css
    )
    return text


def listed(driver: WebDriver) -> list[list[str]]:
    """The resume list's rows as [file, status, error code], read in one step."""
    rows: list[list[str]] = driver.execute_script(
        "return [...document.querySelectorAll('#resume-list tbody tr')].map("
        "(tr) => [...tr.cells].slice(0, 3).map((td) => td.innerText.trim()));"
    )
    return rows


def api_get(stack: Stack, path: str) -> Any:
    response = httpx.get(f"{stack.api_url}{path}", headers=AUTH, timeout=10)
    response.raise_for_status()
    return response.json()


DROP = """
const [files] = arguments;
const transfer = new DataTransfer();
for (const f of files) {
  const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
  transfer.items.add(new File([bytes], f.name, { type: f.type }));
}
const zone = document.getElementById("dropzone");
const init = { dataTransfer: transfer, bubbles: true, cancelable: true };
zone.dispatchEvent(new DragEvent("dragover", init));
zone.dispatchEvent(new DragEvent("drop", init));
"""

RECTS = """
const [page] = arguments;
const img = document.querySelector(`img.page-image[data-page="${page}"]`);
const overlay = img.parentElement.querySelector(".highlight");
const pages = document.getElementById("pages").getBoundingClientRect();
const r = (e) => { const b = e.getBoundingClientRect();
  return { left: b.left, top: b.top, width: b.width, height: b.height }; };
return { img: r(img), overlay: r(overlay), hidden: overlay.hidden,
         pagesTop: pages.top, pagesBottom: pages.bottom };
"""


def check_box(driver: WebDriver, source: dict[str, Any], page_width: float) -> None:
    """The overlay sits on bbox * (displayed width / page width) and is scrolled into view."""
    rects = wait(
        driver,
        lambda d: (r := d.execute_script(RECTS, source["page"])) and not r["hidden"] and r,
        what="the highlight overlay",
    )
    scale = rects["img"]["width"] / page_width
    x0, y0, x1, y1 = source["bbox"]
    expected = {
        "left": rects["img"]["left"] + x0 * scale,
        "top": rects["img"]["top"] + y0 * scale,
        "width": (x1 - x0) * scale,
        "height": (y1 - y0) * scale,
    }
    for edge, value in expected.items():
        assert rects["overlay"][edge] == pytest.approx(value, abs=1.0), (edge, rects, source)
    assert rects["overlay"]["top"] >= rects["pagesTop"] - 1
    assert rects["overlay"]["top"] + rects["overlay"]["height"] <= rects["pagesBottom"] + 1


def sign_in(driver: WebDriver, stack: Stack) -> None:
    driver.get(f"{stack.api_url}/")
    key = wait(driver, lambda d: d.find_element(By.ID, "api-key"), what="the sign-in form")
    key.send_keys("wrong-key", Keys.ENTER)
    wait(driver, lambda d: "unauthorized" in text_of(d, ".signin .error"), what="refusal")
    shot(driver, "01-sign-in-refused")
    key.clear()
    key.send_keys(KEY, Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.ID, "dropzone"), what="the upload page")


def test_console_upload_progress_provenance_filters_cancel_retry_and_delete(
    console_stack: Stack, browser: WebDriver, fake_llm: FakeLLM
) -> None:
    stack, driver = console_stack, browser
    sign_in(driver, stack)

    files = [
        {"name": f"{n}.pdf", "type": "application/pdf", "data": resume_pdf(SampleResume(name=n))}
        for n in NAMES
    ]
    files += [
        {
            "name": f"{WORD_NAME}.docx",
            "type": DOCX_TYPE,
            "data": resume_docx(SampleResume(name=WORD_NAME)),
        },
        {"name": "broken.pdf", "type": "application/pdf", "data": corrupt_pdf()},
        {"name": "notes.txt", "type": "text/plain", "data": b"not a resume"},
        {"name": "old.doc", "type": "application/msword", "data": legacy_doc()},
    ]
    chooser = driver.find_element(By.ID, "files")
    assert {".pdf", ".docx", DOCX_TYPE} <= set(chooser.get_attribute("accept").split(","))
    for f in files:
        f["data"] = base64.b64encode(f["data"]).decode()
    driver.execute_script(DROP, files)

    wait(driver, lambda d: "#/batches/" in d.current_url, what="the batch page")
    batch_id = driver.current_url.rsplit("/", 1)[-1]
    refused = wait(driver, lambda d: text_of(d, ".rejected"), what="the refused files")
    assert "notes.txt" in refused
    assert "not_a_pdf" in refused
    assert "old.doc" in refused
    assert "unsupported_format" in refused
    wait(driver, lambda d: "5 accepted, 2 refused" in text_of(d, "main"), what="the summary")
    progress = driver.find_element(By.ID, "progress-text")
    assert progress.get_attribute("aria-live") == "polite"
    wait(
        driver,
        lambda d: "(100%)" in d.find_element(By.ID, "progress-text").text,
        timeout=120,
        what="the batch at 100% (pushed over the event stream)",
    )
    # the last progress event and batch.completed are two events: wait for the second
    wait(
        driver,
        lambda d: "batch completed" in d.find_element(By.ID, "progress-text").text,
        what="batch completed",
    )
    assert driver.find_element(By.ID, "batch-progress").get_attribute("value") == "100"
    batch = api_get(stack, f"/v1/batches/{batch_id}")
    assert batch["counts"] == {"completed": 4, "failed": 1}
    wait(
        driver,
        lambda d: (
            "pdf_corrupt" in text_of(d, "#batch-resumes")
            and text_of(d, "#batch-resumes").count("completed") == 4
        ),
        what="the batch's resume list refreshed after completion",
    )
    shot(driver, "02-batch-completed")

    # A resume next to its pages: clicking a field highlights where it was read.
    click(driver, By.LINK_TEXT, "Alice Martin.pdf")
    wait(
        driver,
        lambda d: d.execute_script(
            "const i = document.querySelector('img.page-image');"
            "return i && i.complete && i.naturalWidth > 0;"
        ),
        what="the first page image",
    )
    resume_id = driver.current_url.rsplit("/", 1)[-1]
    resume = api_get(stack, f"/v1/resumes/{resume_id}")
    pages = api_get(stack, f"/v1/resumes/{resume_id}/parse")["parse"]["pages"]
    profile = resume["profile"]
    assert profile["name"]["value"] == "Alice Martin"

    driver.find_element(By.CSS_SELECTOR, "button[data-field=name]").click()
    check_box(driver, profile["name"]["source"], pages[0]["width"])
    skill = profile["skills"][-1]
    last_skill = driver.find_elements(By.CSS_SELECTOR, "button[data-field=skill]")[-1]
    assert last_skill.text.endswith(skill["name"])
    last_skill.send_keys(Keys.ENTER)  # fields are buttons: the keyboard works too
    check_box(driver, skill["source"], pages[skill["source"]["page"] - 1]["width"])
    assert last_skill.get_attribute("aria-pressed") == "true"
    job = profile["experience"][1]
    employer = driver.find_elements(By.CSS_SELECTOR, ".group[aria-label=Experience] .entry")[1]
    # Employer, title and dates each light up the characters they were read from,
    # not one box around the whole entry header.
    width = pages[job["source"]["page"] - 1]["width"]
    boxes = {}
    for field in ("title", "dates", "employer"):
        source = job["sources"][field]
        assert source is not None, (field, job)
        employer.find_element(By.CSS_SELECTOR, f"button[data-field={field}]").click()
        check_box(driver, source, width)
        boxes[field] = tuple(source["bbox"])
    assert len(set(boxes.values())) == 3, boxes
    path = shot(driver, "03-resume-provenance")
    if os.environ.get("UPDATE_README_SCREENSHOT") == "1":
        save_readme_screenshot(path)

    # The DOCX's page is the PDF LibreOffice made of it, and its boxes land on it too.
    driver.back()
    click(driver, By.LINK_TEXT, f"{WORD_NAME}.docx")
    wait(
        driver,
        lambda d: d.execute_script(
            "const i = document.querySelector('img.page-image');"
            "return i && i.complete && i.naturalWidth > 0;"
        ),
        what="the DOCX's first page image",
    )
    word_id = driver.current_url.rsplit("/", 1)[-1]
    word = api_get(stack, f"/v1/resumes/{word_id}")
    assert word["file"]["content_type"] == DOCX_TYPE
    assert word["profile"]["name"]["value"] == WORD_NAME
    word_pages = api_get(stack, f"/v1/resumes/{word_id}/parse")["parse"]["pages"]
    driver.find_element(By.CSS_SELECTOR, "button[data-field=name]").click()
    check_box(driver, word["profile"]["name"]["source"], word_pages[0]["width"])
    shot(driver, "03b-docx-provenance")

    # The resume list filters by status and by error code.
    driver.get(f"{stack.api_url}/#/resumes")
    wait(driver, lambda d: d.find_elements(By.ID, "filter-error"), what="the resume list")
    Select(driver.find_element(By.ID, "filter-error")).select_by_value("pdf_corrupt")
    driver.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    wait(
        driver,
        lambda d: listed(d) == [["broken.pdf", "failed", "pdf_corrupt"]],
        what="only the pdf_corrupt resume",
    )
    click(driver, By.LINK_TEXT, "broken.pdf")
    error = wait(driver, lambda d: text_of(d, "#resume-error"), what="the failure")
    assert "pdf_corrupt" in error
    assert "Failed in parser" in error
    assert "not parsed" in text_of(driver, ".pages-column")
    shot(driver, "04-resume-failed")
    driver.back()
    wait(driver, lambda d: listed(d) == [["broken.pdf", "failed", "pdf_corrupt"]])
    Select(driver.find_element(By.ID, "filter-error")).select_by_value("")
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("completed")
    driver.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    wait(
        driver,
        lambda d: (
            sorted(listed(d))
            == sorted(
                [[f"{n}.pdf", "completed", ""] for n in NAMES]
                + [[f"{WORD_NAME}.docx", "completed", ""]]
            )
        ),
        what="the four completed resumes",
    )
    shot(driver, "05-resume-list-filtered")

    # Cancel while the LLM call is slow, then retry: both shown live on the resume page.
    fake_llm.latency_s = 10.0
    driver.get(f"{stack.api_url}/#/")
    upload = wait(driver, lambda d: d.find_element(By.ID, "files"), what="the upload page")
    slow_pdf = stack.workdir / "Dana Slow.pdf"
    slow_pdf.write_bytes(resume_pdf(SampleResume(name="Dana Slow")))
    upload.send_keys(str(slow_pdf))
    wait(driver, lambda d: d.find_elements(By.LINK_TEXT, "Dana Slow.pdf"), what="the new batch")
    click(driver, By.LINK_TEXT, "Dana Slow.pdf")
    wait(driver, lambda d: text_of(d, "#resume-status") == "enhancing", what="enhancing")
    click(driver, By.ID, "cancel")
    wait(driver, lambda d: text_of(d, "#resume-status") == "cancelled", what="cancelled")
    slow_id = driver.current_url.rsplit("/", 1)[-1]
    assert api_get(stack, f"/v1/resumes/{slow_id}")["status"] == "cancelled"
    assert driver.find_element(By.ID, "cancel").get_attribute("disabled") is not None
    shot(driver, "06-resume-cancelled")

    fake_llm.latency_s = 0.0
    driver.find_element(By.ID, "retry").click()
    wait(
        driver,
        lambda d: text_of(d, "#resume-status") == "completed",
        timeout=90,
        what="the retried resume completed",
    )
    retried = api_get(stack, f"/v1/resumes/{slow_id}")
    assert (retried["status"], retried["run"]) == ("completed", 2)
    assert retried["profile"]["name"]["value"] == "Dana Slow"
    shot(driver, "07-resume-retried")

    # Delete it: confirmed in the browser's dialog, then gone from the API and the list.
    driver.find_element(By.XPATH, "//button[normalize-space()='Delete']").click()
    alert = wait(driver, lambda d: d.switch_to.alert, what="the delete confirmation")
    assert "Dana Slow.pdf" in alert.text
    alert.accept()
    wait(driver, lambda d: d.current_url.endswith("#/resumes"), what="back on the resume list")
    gone = httpx.get(f"{stack.api_url}/v1/resumes/{slow_id}", headers=AUTH, timeout=10)
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "not_found"
    wait(
        driver,
        lambda d: (
            d.find_elements(By.LINK_TEXT, "Alice Martin.pdf")
            and not d.find_elements(By.LINK_TEXT, "Dana Slow.pdf")
        ),
        what="the list without the deleted resume",
    )
    shot(driver, "08-resume-deleted")


def save_readme_screenshot(path: Path) -> None:
    """Half size keeps the README image small (< 300 KB)."""
    pixmap = pymupdf.Pixmap(str(path))
    if len(path.read_bytes()) > 250_000:
        pixmap.shrink(1)
    README_SHOT.parent.mkdir(parents=True, exist_ok=True)
    pixmap.save(str(README_SHOT))
    print(f"README screenshot: {README_SHOT} ({README_SHOT.stat().st_size} bytes)")


def test_console_in_dev_mode_needs_no_key_and_streams_without_a_token(
    stack: Stack, browser: WebDriver
) -> None:
    """Without API_KEYS the console opens straight away; live progress still arrives."""
    driver = browser
    driver.get(f"{stack.api_url}/")
    wait(driver, lambda d: d.find_elements(By.ID, "dropzone"), what="the upload page")
    assert not driver.find_elements(By.ID, "api-key")
    assert "dev mode" in text_of(driver, "#who")
    assert not driver.find_element(By.ID, "signout").is_displayed()
    shot(driver, "08-dev-mode-home")

    pdf = stack.workdir / "Erin Dev.pdf"
    pdf.write_bytes(resume_pdf(SampleResume(name="Erin Dev")))
    driver.find_element(By.ID, "batch-name").send_keys("dev batch")
    driver.find_element(By.ID, "files").send_keys(str(pdf))
    wait(driver, lambda d: "Batch dev batch" in text_of(d, "#batch-title"), what="the batch")
    wait(
        driver,
        lambda d: "(100%)" in text_of(d, "#progress-text"),
        timeout=120,
        what="the batch at 100%",
    )
    batch_id = driver.current_url.rsplit("/", 1)[-1]
    batch = httpx.get(f"{stack.api_url}/v1/batches/{batch_id}", timeout=10).json()
    assert (batch["name"], batch["counts"]) == ("dev batch", {"completed": 1})
    driver.get(f"{stack.api_url}/#/batches")
    wait(driver, lambda d: "dev batch" in text_of(d, "main"), what="the batch list")
    shot(driver, "09-dev-mode-batches")
