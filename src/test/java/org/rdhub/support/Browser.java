package org.rdhub.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Headless Chromium for browser tests, registered as {@code @RegisterExtension static final Browser browser = new
 * Browser();}. One Chromium runs per test class: the system's (Debian's {@code chromium}; Playwright's own download
 * is switched off). Each {@link #open} gives the running test a fresh context (no cookies, no storage) whose relative
 * URLs go to a test server. When a test fails, every page it opened is saved as a full-page screenshot in
 * {@code target/screenshots/<class>-<test>.png}. With no Chromium on the machine the tests fail, never skip:
 * {@code .ci/run} installs it.
 */
public final class Browser implements BeforeAllCallback, AfterTestExecutionCallback, AfterEachCallback,
        AfterAllCallback {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** The flags that keep Chromium quiet and offline in a container (no sandbox: CI runs as root). */
    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-quic");

    private Playwright playwright;
    private com.microsoft.playwright.Browser chromium;
    private final List<BrowserContext> contexts = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        Path executable = findChromium().orElseThrow(() -> new IllegalStateException(
                "No Chromium found for the browser tests: install it (apt-get install chromium), put chromium or "
                        + "chromium-browser on PATH, or set CHROMIUM to its path. .ci/run installs it."));
        // Also set here (not only in surefire's configuration) so a run from an IDE never tries to download
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable).setHeadless(true).setArgs(FLAGS));
    }

    /**
     * A fresh browser session for the running test, its relative URLs resolved against {@code server}, in English
     * unless the test asks for another language. Open several to be several people at once.
     */
    public Page open(TestServer server) {
        return open(server, "en-US");
    }

    /** As {@link #open(TestServer)}, with the browser's language set to {@code locale} (e.g. {@code "fr-FR"}). */
    public Page open(TestServer server, String locale) {
        BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(server.http().base()).setLocale(locale).setViewportSize(1280, 800));
        context.setDefaultTimeout(10_000);
        contexts.add(context);
        return context.newPage();
    }

    /** Runs right after the test method, before any {@code @AfterEach}, so the pages still show what failed. */
    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        Files.createDirectories(SCREENSHOTS);
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        int n = 0;
        for (BrowserContext browserContext : contexts) {
            for (Page page : browserContext.pages()) {
                n++;
                Path file = SCREENSHOTS.resolve(name + (n == 1 ? "" : "-" + n) + ".png");
                page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
                System.err.println("Browser test failed; screenshot of " + page.url() + ": " + file.toAbsolutePath());
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }

    /** {@code CHROMIUM} if set, else Debian's {@code /usr/bin/chromium}, else chromium or chromium-browser on PATH. */
    static Optional<Path> findChromium() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("CHROMIUM=" + configured + " is not an executable file");
            }
            return Optional.of(path);
        }
        Path debian = Path.of("/usr/bin/chromium");
        if (Files.isExecutable(debian)) {
            return Optional.of(debian);
        }
        String searchPath = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name));
                }
            }
        }
        return Optional.empty();
    }
}
