#!/usr/bin/env python3
"""cdp.py - open an HTML file in headless Chromium and say what rendered.

    cdp.py [--screenshot PNG] [--width PX] [--top PX] [--max-height PX]
           [--scale S] [--media print] [--browser NAME] [--timeout S]
           FILE.html

Used by tests/cli/browser.test to check circfin's report as a person would
see it, and to take the screenshot in docs/.  Standard library only:
Chromium is driven through the Chrome DevTools Protocol over
--remote-debugging-pipe (it reads commands from fd 3 and writes replies and
events to fd 4, each a JSON message ended by a NUL byte), so neither
selenium nor a websocket client is needed.

The page gets no network: the browser resolves no host name and uses no
proxy, and the Fetch domain fails every request that is not for a file:
or data: URL and records it as an error, so a page that refers to the
network shows it.

With --media print the page is laid out with its print style sheet
(@media print), as it would go to paper at --width pixels.

Prints one JSON object on stdout:
  url, title, height (document.body.scrollHeight), width (scrollWidth),
  errors     [{source, text, url}]: console.error and console.assert
             calls, uncaught exceptions, Log entries of level error
             (failed loads among them) and blocked requests,
  blocked    the URLs of the requests to the network that were blocked,
  graph      null without a #graph element, else {svg: box or null,
             text: the start of its text, font_px: the size in CSS
             pixels of its smallest text (font-size times the pixels of
             a viewBox unit; null without either), frame: {width,
             content} of the svg's parent (its clientWidth and
             scrollWidth: content > width when it scrolls)} of
             figure#graph or of the figure in the #graph element,
  wide       [{section, width, content, tallest_row}] for every element
             of class "wide" (a table's scrolling box): the id of its
             section, its clientWidth and scrollWidth, and the height of
             its tallest table row, in CSS pixels,
  charts     [{id, svg: box or null (the first), svgs: [box] (all),
             caption}] for every figure.chart, in the page's order,
  chart_count, sections (the ids of section elements),
  screenshot {path, width, height (in pixels), top, truncated (true when
             it stops short of the bottom of the page)} with --screenshot.
A box is {x, y, width, height, visible} in CSS pixels, y from the top of
the page.

Exit status: 0 when the page loaded, whatever it holds (judging the
findings is the caller's job); 1 with a message on stderr when the browser
could not be started, the protocol failed, the page did not load or the
time ran out; 2 on a usage error.  Whatever happens, the browser and every
process it started are killed and its throwaway profile is removed.
"""

import argparse
import base64
import fcntl
import json
import os
import pathlib
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# Chromium cannot paint a screenshot taller than its largest texture.
MAX_SHOT = 16384

# Evaluated in the page once it has loaded and settled: the findings.
PROBE = r"""
(() => {
    const box = (e) => {
        if (!e)
            return null;
        const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        return {x: r.left + scrollX, y: r.top + scrollY,
                width: r.width, height: r.height,
                visible: s.display !== 'none' && s.visibility !== 'hidden'
                    && Number(s.opacity) > 0 && r.width > 0 && r.height > 0};
    };
    // The graph's figure is #graph itself or the one in a #graph section.
    const g = document.querySelector('figure#graph, #graph figure')
        || document.querySelector('#graph');
    const charts = Array.from(document.querySelectorAll('figure.chart'),
        (f) => ({id: f.id, svg: box(f.querySelector('svg')),
                 svgs: Array.from(f.querySelectorAll('svg'), box),
                 caption: (f.querySelector('figcaption') || {}).textContent
                     || ''}));
    // The graph's smallest text as drawn: its font size in the SVG's
    // user units times the CSS pixels one unit takes.
    const gsvg = g ? g.querySelector('svg') : null;
    let font = null;
    if (gsvg && gsvg.viewBox && gsvg.viewBox.baseVal
            && gsvg.viewBox.baseVal.width > 0) {
        const unit = gsvg.getBoundingClientRect().width
            / gsvg.viewBox.baseVal.width;
        const sizes = Array.from(gsvg.querySelectorAll('text[font-size]'),
            (t) => parseFloat(t.getAttribute('font-size')))
            .filter((v) => v > 0);
        if (sizes.length)
            font = Math.min(...sizes) * unit;
    }
    const frame = (e) => e ? {width: e.clientWidth,
                              content: e.scrollWidth} : null;
    const scroller = gsvg ? gsvg.parentElement : null;
    return {
        title: document.title,
        height: document.body.scrollHeight,
        width: document.documentElement.scrollWidth,
        graph: g ? {svg: box(gsvg),
                    text: g.textContent.trim().slice(0, 200),
                    font_px: font, frame: frame(scroller)} : null,
        wide: Array.from(document.querySelectorAll('.wide'), (e) => ({
            section: (e.closest('section[id]') || {}).id || '',
            ...frame(e),
            tallest_row: Math.max(0, ...Array.from(e.querySelectorAll('tr'),
                (r) => r.getBoundingClientRect().height))})),
        charts: charts,
        chart_count: charts.length,
        sections: Array.from(document.querySelectorAll('section[id]'),
                             (e) => e.id),
    };
})()
"""

# Fonts loaded and two animation frames painted: layout has settled.
SETTLE = r"""
document.fonts.ready.then(() => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(done))))
"""


class Failure(Exception):
    """The browser would not start, the protocol failed, the page did not
    load, or the time ran out."""


def on_signal(signum, frame):
    if signum == signal.SIGALRM:
        raise Failure("timed out (the browser hung?)")
    raise Failure("stopped by signal %d" % signum)


def find_browser(name):
    """The path of the browser NAME, else of the first of the usual ones on
    PATH; Failure when there is none."""
    names = [name] if name else ["chromium", "chromium-browser",
                                 "google-chrome"]
    for n in names:
        path = shutil.which(n)
        if path:
            return path
    raise Failure("no browser found (tried %s)" % ", ".join(names))


class Browser:
    """One headless Chromium spoken to over the DevTools pipe.  Events are
    passed to self.handle as they come, which may send commands itself (a
    paused request must be answered before the navigation that made it
    can finish)."""

    def __init__(self, exe, width, height, deadline):
        self.deadline = deadline
        self.next_id = 0
        self.buf = b""
        self.replies = {}
        self.fired = set()
        self.handle = lambda message: None
        self.proc = None
        self.profile = tempfile.mkdtemp(prefix="circfin-cdp.")
        self.log = tempfile.TemporaryFile()
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        # Above fds 3 and 4, so that the child's dup2()s clobber neither.
        hi_r = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
        hi_w = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_r)
        os.close(from_w)

        def child():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        args = [exe, "--headless=new", "--remote-debugging-pipe",
                "--user-data-dir=" + self.profile,
                "--disable-gpu", "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update", "--disable-default-apps",
                "--disable-extensions", "--disable-sync",
                "--disable-breakpad", "--no-pings",
                "--disable-features=Translate,OptimizationHints,"
                "MediaRouter,AutofillServerCommunication",
                "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--mute-audio", "--hide-scrollbars",
                "--window-size=%d,%d" % (width, height), "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")
        try:
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=self.log,
                stderr=self.log, pass_fds=(3, 4), preexec_fn=child,
                start_new_session=True)
        except OSError as e:
            self.close()
            raise Failure("cannot start %s: %s" % (exe, e))
        finally:
            os.close(hi_r)
            os.close(hi_w)

    def close(self):
        """Stop the browser and every process it started; remove the
        profile.  Asks it to quit first (so that it reaps its helpers),
        waits a little, then kills its process group: the group's leader
        is reaped only after that, so its id cannot have been reused."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.write(self.to_w, json.dumps({
                    "id": self.next_id + 1,
                    "method": "Browser.close"}).encode() + b"\0")
            except OSError:
                pass
            end = time.monotonic() + 5
            while time.monotonic() < end and os.waitid(
                    os.P_PID, self.proc.pid,
                    os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
                time.sleep(0.05)
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
        for fd in (self.to_w, self.from_r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)
        self.log.close()

    def stderr_tail(self):
        """The last lines the browser printed, less its complaints about a
        missing D-Bus, for a failure message."""
        self.log.seek(0)
        lines = self.log.read().decode("utf-8", "replace").splitlines()
        lines = [ln for ln in lines if ":ERROR:dbus/" not in ln]
        return "\n".join(lines[-15:])

    def _read_message(self):
        """The next message from the browser; Failure at the deadline."""
        while b"\0" not in self.buf:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise Failure("timed out waiting for the browser")
            ready, _, _ = select.select([self.from_r], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk:
                raise Failure("the browser closed the pipe (exit status %s)"
                              % self.proc.poll())
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        try:
            return json.loads(raw)
        except ValueError as e:
            raise Failure("bad message from the browser: %s" % e)

    def _pump(self):
        """Read one message: keep a reply for send(), handle an event."""
        m = self._read_message()
        if "id" in m:
            self.replies[m["id"]] = m
        elif "method" in m:
            self.fired.add(m["method"])
            self.handle(m)

    def send(self, method, params=None, session=None):
        """Send one command and return its result; an error reply raises
        Failure."""
        self.next_id += 1
        my_id = self.next_id
        msg = {"id": my_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self.to_w, data):]
        except OSError as e:
            raise Failure("cannot write to the browser: %s" % e)
        while my_id not in self.replies:
            self._pump()
        m = self.replies.pop(my_id)
        if "error" in m:
            raise Failure("%s: %s" % (method, m["error"].get("message",
                                                             m["error"])))
        return m.get("result", {})

    def wait_event(self, method):
        """Wait until an event METHOD has come."""
        while method not in self.fired:
            self._pump()


def remote_text(args):
    """The text of a console call's arguments, as the console shows it."""
    out = []
    for a in args:
        if "value" in a:
            v = a["value"]
            out.append(v if isinstance(v, str) else json.dumps(v))
        else:
            out.append(a.get("description", a.get("type", "?")))
    return " ".join(out)


def png_size(data):
    """Width and height from a PNG's IHDR chunk; Failure if not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise Failure("the screenshot is not a PNG")
    return (int.from_bytes(data[16:20], "big"),
            int.from_bytes(data[20:24], "big"))


def inspect(args):
    """Load the page, collect the findings, take the screenshot; return
    the findings."""
    deadline = time.monotonic() + args.timeout
    url = pathlib.Path(args.html).resolve().as_uri()
    errors = []
    blocked = []
    b = Browser(find_browser(args.browser), args.width,
                args.viewport_height, deadline)

    def handle(m):
        p = m.get("params", {})
        method = m["method"]
        if method == "Runtime.consoleAPICalled":
            if p.get("type") in ("error", "assert"):
                errors.append({"source": "console." + p["type"],
                               "text": remote_text(p.get("args", [])),
                               "url": ""})
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            text = (d.get("exception", {}).get("description")
                    or d.get("text", "exception"))
            errors.append({"source": "exception", "text": text,
                           "url": d.get("url", "")})
        elif method == "Log.entryAdded":
            e = p.get("entry", {})
            if e.get("level") == "error":
                errors.append({"source": "log." + e.get("source", "?"),
                               "text": e.get("text", ""),
                               "url": e.get("url", "")})
        elif method == "Fetch.requestPaused":
            req = p.get("request", {}).get("url", "")
            if req.startswith(("file:", "data:")):
                answer = ("Fetch.continueRequest",
                          {"requestId": p["requestId"]})
            else:
                blocked.append(req)
                errors.append({"source": "network", "url": req,
                               "text": "blocked a request to the network"})
                answer = ("Fetch.failRequest",
                          {"requestId": p["requestId"],
                           "errorReason": "BlockedByClient"})
            try:
                b.send(*answer, m.get("sessionId"))
            except Failure:
                pass  # the page gave up on the request meanwhile
        elif method == "Inspector.targetCrashed":
            raise Failure("the page crashed")

    try:
        b.handle = handle
        target = b.send("Target.createTarget", {"url": "about:blank"})
        s = b.send("Target.attachToTarget", {"targetId": target["targetId"],
                                             "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Inspector"):
            b.send(domain + ".enable", {}, s)
        b.send("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, s)
        b.send("Emulation.setDeviceMetricsOverride",
               {"width": args.width, "height": args.viewport_height,
                "deviceScaleFactor": 1, "mobile": False}, s)
        if args.media:
            b.send("Emulation.setEmulatedMedia", {"media": args.media}, s)
        nav = b.send("Page.navigate", {"url": url}, s)
        if nav.get("errorText"):
            raise Failure("cannot load %s: %s" % (url, nav["errorText"]))
        b.wait_event("Page.loadEventFired")
        b.send("Runtime.evaluate", {"expression": SETTLE,
                                    "awaitPromise": True}, s)
        r = b.send("Runtime.evaluate", {"expression": PROBE,
                                        "returnByValue": True}, s)
        if "exceptionDetails" in r:
            raise Failure("probing the page failed: %s"
                          % r["exceptionDetails"].get("text"))
        found = {"url": url, **r["result"]["value"]}

        if args.screenshot:
            top = min(args.top, max(0, found["height"] - 1))
            height = found["height"] - top
            if args.max_height:
                height = min(height, args.max_height)
            height = max(1, min(height, int(MAX_SHOT / args.scale)))
            shot = b.send("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": top, "width": args.width,
                         "height": height, "scale": args.scale}}, s)
            data = base64.b64decode(shot["data"])
            w, h = png_size(data)
            with open(args.screenshot, "wb") as f:
                f.write(data)
            found["screenshot"] = {"path": args.screenshot, "width": w,
                                   "height": h,
                                   "top": top, "truncated":
                                   top + height < found["height"]}
        found["errors"] = errors
        found["blocked"] = blocked
        return found
    except Failure as e:
        tail = b.stderr_tail()
        if tail:
            e.args = ("%s\nthe browser said:\n%s" % (e.args[0], tail),)
        raise
    finally:
        signal.alarm(0)
        b.close()


def main():
    p = argparse.ArgumentParser(
        description="Open an HTML file in headless Chromium, with no "
        "network, and print what rendered as JSON.")
    p.add_argument("html", help="the HTML file to open")
    p.add_argument("--browser",
                   default=os.environ.get("CIRCFIN_BROWSER") or None,
                   help="the browser to run (default: $CIRCFIN_BROWSER, "
                   "else chromium, chromium-browser or google-chrome)")
    p.add_argument("--screenshot", metavar="PNG",
                   help="write a screenshot of the page to PNG")
    p.add_argument("--width", type=int, default=1280,
                   help="viewport width in CSS pixels (default 1280)")
    p.add_argument("--viewport-height", type=int, default=800,
                   help="viewport height in CSS pixels (default 800)")
    p.add_argument("--top", type=int, default=0,
                   help="screenshot from this many CSS pixels down (default "
                   "0)")
    p.add_argument("--max-height", type=int, default=0,
                   help="screenshot at most this many CSS pixels from the "
                   "top (default: the whole page, up to %d)" % MAX_SHOT)
    p.add_argument("--scale", type=float, default=1.0,
                   help="screenshot scale (default 1)")
    p.add_argument("--media", choices=["screen", "print"],
                   help="lay the page out for this CSS media type "
                   "(default: screen)")
    p.add_argument("--timeout", type=float, default=60,
                   help="give up after this many seconds (default 60)")
    args = p.parse_args()
    if (args.width < 100 or args.viewport_height < 100 or args.scale <= 0
            or args.timeout <= 0 or args.max_height < 0 or args.top < 0):
        p.error("--width and --viewport-height want at least 100, --scale "
                "and --timeout a positive number")

    # The pipe reads have their own deadline; the alarm is a backstop for
    # the rest (a write that blocks).  A signal to stop still cleans up.
    for sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    signal.alarm(int(args.timeout) + 15)
    try:
        found = inspect(args)
    except Failure as e:
        print("cdp.py: %s" % e, file=sys.stderr)
        return 1
    json.dump(found, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
