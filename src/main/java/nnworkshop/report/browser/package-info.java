/**
 * Checks a written HTML page in a real browser: headless Chromium loads it, every {@code <img>} must
 * decode, the console must stay free of errors, and a full-page screenshot is saved beside it.
 *
 * <p>{@link nnworkshop.report.browser.PageCheck} is the only public entry point. It drives Chromium
 * through the DevTools protocol (CDP) over a WebSocket with nothing but the JDK's
 * {@code java.net.http} and Gson, so no WebDriver or Selenium is needed:
 * {@code Chromium} starts and always stops the browser (fresh temporary profile, no network: every
 * host name resolves to "not found"), {@code Cdp} is the small JSON-RPC client over the WebSocket.
 *
 * <p>Chromium comes from Debian's {@code chromium} package ({@code /usr/bin/chromium}, or the path in
 * the {@code CHROMIUM} environment variable). If it is missing the check fails with a message that says
 * how to install it; it never silently skips.
 */
package nnworkshop.report.browser;
