"""What a reader sees: screenshots of every page kind, and layout checks a person would make.

Screenshots land in tests/artifacts/screenshots/<kind>-<width>.png (not committed);
look at them when reviewing template changes.
"""
import pytest

from .site_support import ARTIFACTS, PAGE_KINDS

SCREENSHOTS = ARTIFACTS / "screenshots"
SIZES = {360: 800, 1280: 900}
ROLE_NAMES = ("claim", "counterclaim", "rebuttal", "evidence", "background")

# Elements sticking out past the right edge of the viewport, innermost first.
OVERFLOWING = """() => {
  const limit = window.innerWidth + 0.5;
  const wide = [...document.querySelectorAll('body *')].filter(
      el => el.getBoundingClientRect().right > limit);
  return wide.filter(el => !wide.some(other => other !== el && el.contains(other)))
    .slice(0, 10).map(el => {
      const r = el.getBoundingClientRect();
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        [...el.classList].map(c => '.' + c).join('');
      return `${name} spans ${Math.round(r.left)}..${Math.round(r.right)}px: ` +
        JSON.stringify((el.textContent || '').trim().slice(0, 60));
    });
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const href = el.getAttribute('href') || '';
  return {
    tag: el.tagName.toLowerCase(), href, text: (el.textContent || '').trim(),
    left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height,
    viewportWidth: window.innerWidth, viewportHeight: window.innerHeight,
    opacity: parseFloat(style.opacity), visibility: style.visibility,
    clip: style.clip, clipPath: style.clipPath,
    onTop: !!hit && (hit === el || el.contains(hit)),
    targetExists: href.startsWith('#') && !!document.getElementById(decodeURIComponent(href.slice(1))),
  };
}"""


def visibility_problems(box: dict) -> list[str]:
    problems = []
    if box["width"] < 10 or box["height"] < 10:
        problems.append(f"it is {box['width']:.0f}×{box['height']:.0f}px")
    if box["left"] < 0 or box["top"] < 0 or box["right"] > box["viewportWidth"] or box["bottom"] > box["viewportHeight"]:
        problems.append(f"it is outside the viewport ({box['left']:.0f},{box['top']:.0f})–"
                        f"({box['right']:.0f},{box['bottom']:.0f})")
    if box["opacity"] < 0.5 or box["visibility"] != "visible":
        problems.append(f"opacity {box['opacity']}, visibility {box['visibility']}")
    if box["clip"] not in ("auto", "") or box["clipPath"] not in ("none", ""):
        problems.append(f"it is clipped (clip {box['clip']}, clip-path {box['clipPath']})")
    if not box["onTop"]:
        problems.append("another element covers it")
    return problems


@pytest.mark.parametrize("width", list(SIZES))
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_screenshot_and_no_horizontal_overflow(new_page, site_pages, kind, width):
    page = new_page(width=width, height=SIZES[width])
    page.goto(site_pages[kind])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width}.png"), full_page=True)
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, (
        f"the {kind} page ({site_pages[kind]}) scrolls sideways at {width}px: "
        f"scrollWidth {scroll_width} > innerWidth {inner_width}; too wide:\n  "
        + "\n  ".join(page.evaluate(OVERFLOWING)))


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_dark_screenshot(new_page, site_pages, kind):
    """Only for people to look at: contrast itself is checked by axe."""
    page = new_page(width=360, height=800, color_scheme="dark")
    page.goto(site_pages[kind])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-360-dark.png"), full_page=True)


@pytest.mark.parametrize("width", list(SIZES))
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_skip_link_shows_on_first_tab(new_page, site_pages, kind, width):
    page = new_page(width=width, height=SIZES[width])
    page.goto(site_pages[kind])
    page.keyboard.press("Tab")
    box = page.evaluate(FOCUSED)
    where = f"the {kind} page ({site_pages[kind]}) at {width}px"
    assert box is not None, f"on {where} the first Tab focuses nothing"
    assert box["tag"] == "a" and box["href"].startswith("#"), (
        f"on {where} the first Tab focuses <{box['tag']} href={box['href']!r}> "
        f"{box['text'][:60]!r}, not a skip link to an anchor on the page")
    assert box["targetExists"], f"on {where} the skip link points to {box['href']}, which is not on the page"
    # A skip link may slide in: give a transition a moment before judging.
    for _ in range(20):
        problems = visibility_problems(box)
        if not problems:
            break
        page.wait_for_timeout(50)
        box = page.evaluate(FOCUSED)
    assert not problems, f"on {where} the focused skip link {box['text']!r} is not visible: " + "; ".join(problems)


def role_labels(page) -> list[str]:
    return [label.inner_text().strip() for label in page.locator(".role-label").all() if label.is_visible()]


@pytest.mark.parametrize("kind", ["brief", "section"])
def test_print_keeps_role_labels(new_page, site_pages, kind):
    page = new_page(width=1280, height=900)
    page.goto(site_pages[kind])
    on_screen = role_labels(page)
    assert on_screen, f"the {kind} page ({site_pages[kind]}) shows no visible .role-label on screen"
    page.emulate_media(media="print")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-print.png"), full_page=True)
    in_print = role_labels(page)
    assert len(in_print) == len(on_screen), (
        f"printing the {kind} page hides role labels: {len(on_screen)} on screen, {len(in_print)} in print")
    unnamed = [text for text in in_print if not any(role in text.lower() for role in ROLE_NAMES)]
    assert not unnamed, f"in print, role labels must say the role in words; these do not: {unnamed}"
    if kind == "brief":
        words = " ".join(in_print).lower()
        for role in ("claim", "rebuttal"):
            assert role in words, f"printing the brief shows no {role!r} label; labels seen: {in_print}"


def test_no_page_scrolls_sideways_at_360(new_page, built_site):
    """Every built page, not just one of each kind: long URLs and names live in the data."""
    page = new_page(width=360, height=800)
    too_wide = {}
    for file in sorted(built_site.rglob("*.html")):
        path = "/" + file.relative_to(built_site).as_posix()
        page.goto(path.removesuffix("index.html"))
        if page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth"):
            too_wide[path] = page.evaluate(OVERFLOWING)
    assert not too_wide, "pages that scroll sideways at 360px:\n" + "\n".join(
        f"  {path}:\n    " + "\n    ".join(culprits) for path, culprits in too_wide.items())


def test_missing_page_gets_the_styled_404(new_page, page_watch, site_url):
    """A static host answers a missing deep path with 404.html: its links and styles
    must work from any folder, so they cannot be relative to the site root's folder."""
    missing = "/briefs/no-such-brief/no-such-section/"
    page_watch.expect_status(site_url + missing, 404)
    page = new_page(width=360, height=800)
    response = page.goto(missing)
    assert response.status == 404
    styled = page.evaluate("() => [...document.styleSheets].some(sheet => sheet.cssRules.length > 0)")
    assert styled, f"the 404 page served at {missing} has no stylesheet: its stylesheet links are relative"
    home = page.locator("header a").first
    home.click()
    page.wait_for_load_state()
    assert page.url == site_url + "/", f"the 404 page's first header link leads to {page.url}, not the home page"
