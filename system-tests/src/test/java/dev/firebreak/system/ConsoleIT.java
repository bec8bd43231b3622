package dev.firebreak.system;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.Response;
import dev.firebreak.localstack.Demo;
import dev.firebreak.localstack.Http;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.Realm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analyst console in a real headless Chromium against the real stack and Keycloak (issue 26): a person logs in on
 * Keycloak's login page, finds a worker, reads its flags and evidence, sees its network drawn, follows a link to a
 * linked worker, records a review and sees the tier history change, assigns the case, downloads the report; another
 * tenant's analyst gets a 404 page, and a person without the analyst role is refused. Screenshots of each page go to
 * {@code target/screenshots}, and each page shown is checked with axe-core's accessibility rules. A session ends when
 * the person's Keycloak session does, and at logout; an operator reads the lists and the re-screening runs.
 *
 * <p>The data is the proxy-enabler case study of {@code examples/} (tenant demo-hiring), as {@code ./firebreak demo}
 * loads it. The review this test records is undone before it ends (the same code confirmed again), so the case
 * study's own test finds the workers as the scenarios leave them whichever runs first.
 */
@ExtendWith(SharedStack.class)
class ConsoleIT {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static Playwright playwright;
    private static Browser browser;
    private final LocalStack stack = SharedStack.stack();

    @BeforeAll
    static void browser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        boolean debian = Files.isExecutable(CHROMIUM);
        // Debian's chromium where it is installed (CI installs it); else the browser Playwright fetches for itself
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(debian ? Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1") : Map.of()));
        BrowserType.LaunchOptions launch = new BrowserType.LaunchOptions().setHeadless(true);
        if (debian) {
            launch.setExecutablePath(CHROMIUM).setArgs(List.of("--no-sandbox"));
        }
        browser = playwright.chromium().launch(launch);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void aPersonFindsAWorkerReadsItsEvidenceAndNetworkReviewsAssignsAndDownloadsTheReport() throws Exception {
        loadCaseStudy();
        String console = stack.config().service("analyst-console").url();

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setAcceptDownloads(true))) {
            Page page = context.newPage();
            login(page, console, Realm.username("demo-hiring", "analyst"));

            // the queue: counts per tier, the tenant's workers; security headers on every page
            Response queue = page.navigate(console + "/");
            String csp = queue.headers().get("content-security-policy");
            assertTrue(csp != null && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
            assertTrue(page.locator(".tier-counts").isVisible());
            // the tokens live in HttpOnly cookies: nothing a page's script can read
            String scriptCookies = (String) page.evaluate("document.cookie");
            assertFalse(scriptCookies.contains("q_session"), scriptCookies);
            assertTrue(context.cookies().stream().anyMatch(c -> c.name.startsWith("q_session") && c.httpOnly),
                    "the session cookie is HttpOnly");
            page.keyboard().press("Tab");
            assertEquals("Skip to the content", page.evaluate("document.activeElement.textContent.trim()"));
            shot(page, "01-queue");

            // find a worker by its id
            page.getByLabel("Worker id").fill("cs1-reyes");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
            page.waitForURL("**q=cs1-reyes**");
            Locator rows = page.locator("table.queue tbody tr");
            rows.first().waitFor();
            assertEquals(1, rows.count());
            shot(page, "02-search");

            // open it: flags with their evidence in words, the advisory, the sources, the actions for a hiring firm
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("cs1-reyes")).first().click();
            page.waitForURL("**/workers/cs1-reyes");
            assertTrue(page.locator("h1").textContent().contains("cs1-reyes"));
            Locator flags = page.locator("article.flag");
            assertTrue(flags.count() >= 4, "flags: " + flags.count());
            Set<String> codes = new TreeSet<>(page.locator("article.flag h3 .code").allTextContents());
            assertTrue(codes.containsAll(Set.of("ID-07", "PM-01")), codes.toString());
            assertTrue(page.locator("article.flag dl.evidence").count() > 0, "evidence rendered as details");
            assertFalse(page.locator("main").textContent().contains("{\""), "no raw JSON on the page");
            assertTrue(page.locator("blockquote.advisory").count() > 0);
            assertTrue(page.getByText("Recommended actions for a hiring firm").isVisible());

            // the network drawn: this worker and the ones it is linked to, each a link
            Locator nodes = page.locator("svg.network a.node-link");
            assertTrue(nodes.count() >= 2, "nodes drawn: " + nodes.count());
            assertTrue(page.locator("svg.network .edge").count() >= 1);
            shot(page, "03-worker");

            // follow the drawing to a linked worker
            Locator linked = page.locator("svg.network a.node-link:not(:has(g.current))").first();
            String linkedHref = linked.getAttribute("href");
            linked.click();
            page.waitForURL("**" + linkedHref);
            assertTrue(page.locator("h1").textContent().contains(linkedHref.substring("/workers/".length())));
            shot(page, "04-linked-worker");

            // the whole network
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("The whole network")).click();
            page.waitForURL("**/networks/cl-**");
            assertTrue(page.locator("svg.network a.node-link").count() >= 3);
            shot(page, "05-network");

            // reviews that change the tier: an analyst dismisses the worker's flags one by one until its tier falls;
            // the history shows each review and the tier change; then they are undone (each confirmed again)
            page.navigate(console + "/workers/cs1-ortega");
            int tierChanges = page.locator(".timeline .kind-tier-changed").count();
            String tierBefore = page.locator("h1 .tier").textContent();
            List<String> dismissed = new java.util.ArrayList<>();
            for (String code : page.locator("#review-code option").allTextContents()) {
                if (!code.matches("[A-Z]{2}-[0-9]{2}")) {
                    continue;
                }
                review(page, "DISMISS", code, "Checked with the worker by phone: explained (" + code + ")");
                // htmx posts the form and swaps the page in; without it the browser posts and follows the redirect
                page.waitForCondition(() -> page.locator(".timeline").textContent().contains("DISMISS " + code));
                dismissed.add(code);
                if (!tierBefore.equals(page.locator("h1 .tier").textContent())) {
                    break;
                }
            }
            assertFalse(tierBefore.equals(page.locator("h1 .tier").textContent()), "the tier changed: " + dismissed);
            assertTrue(page.locator(".timeline .kind-tier-changed").count() > tierChanges, "a tier change in the history");
            shot(page, "06-review");
            for (String code : dismissed) {
                review(page, "CONFIRM", code, "Undone: the test's dismissal");
                page.waitForCondition(() -> page.locator(".timeline").textContent().contains("CONFIRM " + code));
            }
            assertEquals(tierBefore, page.locator("h1 .tier").textContent());

            // the case: assigned to the person, in review, shown in the queue
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Assign to me")).click();
            Locator caseSummary = page.locator("#case dl.summary");
            page.waitForCondition(() -> caseSummary.textContent().contains(Realm.username("demo-hiring", "analyst")));
            assertTrue(caseSummary.textContent().contains("In review"), caseSummary.textContent());
            shot(page, "07-case");
            page.navigate(console + "/?assignee=" + Realm.username("demo-hiring", "analyst"));
            assertTrue(page.locator("table.queue").textContent().contains("cs1-ortega"));

            // the report: Markdown to download, and a printable page
            page.navigate(console + "/workers/cs1-reyes");
            Download download = page.waitForDownload(() -> page.getByText("download (Markdown)").click());
            String markdown = Files.readString(download.path(), StandardCharsets.UTF_8);
            assertTrue(markdown.startsWith("# Disclosure draft"), markdown);
            assertTrue(markdown.contains("cs1-reyes"));
            page.navigate(console + "/workers/cs1-reyes/report");
            assertTrue(page.locator("h1").textContent().contains("Disclosure draft"));
            shot(page, "08-report");

            // the sanctions lists
            page.navigate(console + "/lists");
            assertTrue(page.locator("h1").textContent().contains("Sanctions lists"));
            shot(page, "09-lists");

            // a form posted without its CSRF token is refused, and changes nothing
            APIResponse forged = page.request().post(console + "/workers/cs1-reyes/reviews", RequestOptions.create()
                    .setForm(FormData.create().set("action", "ESCALATE")).setMaxRedirects(0));
            assertTrue(forged.status() == 400 || forged.status() == 403, "forged post: " + forged.status());
        }

        // another tenant's analyst: the worker does not exist for them
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            login(page, console, Realm.username("demo-platform", "analyst"));
            Response answer = page.navigate(console + "/workers/cs1-reyes");
            assertEquals(404, answer.status());
            assertTrue(page.locator("h1").textContent().contains("Not found"));
            shot(page, "10-other-tenant");
        }

        // a person without the analyst role reads nothing and may not review
        int reviews = reviews("cs1-reyes");
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            login(page, console, Realm.username("demo-hiring", "admin"));
            Response answer = page.navigate(console + "/workers/cs1-reyes");
            assertEquals(403, answer.status());
            assertTrue(page.locator("h1").textContent().contains("Not allowed"));
            shot(page, "11-without-analyst-role");
            String token = page.locator("input[name=csrf-token]").first().getAttribute("value");
            APIResponse refused = page.request().post(console + "/workers/cs1-reyes/reviews", RequestOptions.create()
                    .setForm(FormData.create().set("csrf-token", token).set("action", "CONFIRM")).setMaxRedirects(0));
            assertEquals(403, refused.status(), "a review without the analyst role");
        }
        assertEquals(reviews, reviews("cs1-reyes"), "the refused review left no trace");
    }

    @Test
    void aSessionEndsWhenThePersonsKeycloakSessionEndsAndAtLogout() throws Exception {
        String console = stack.config().service("analyst-console").url();
        String username = Realm.username("demo-hiring", "analyst");
        // the console's tokens live five minutes; for this test, three seconds (put back after it)
        JsonNode client = keycloak("GET", "/clients?clientId=" + Realm.CONSOLE_CLIENT, null).get(0);
        assertEquals(String.valueOf(Realm.CONSOLE_TOKEN_SECONDS), client.path("attributes").path("access.token.lifespan").asText());
        ObjectNode shortLived = client.deepCopy();
        ((ObjectNode) shortLived.path("attributes")).put("access.token.lifespan", "3");
        String clientPath = "/clients/" + client.path("id").asText();
        keycloak("PUT", clientPath, shortLived);
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            login(page, console, username);
            // the access token expires; while the Keycloak session lives, the console refreshes it and goes on
            Thread.sleep(4_500);
            Response queue = page.navigate(console + "/");
            assertEquals(200, queue.status());
            assertTrue(page.url().startsWith(console), page.url());
            assertTrue(page.locator(".who").textContent().contains(username));

            // the person's Keycloak session ends (idle or maximum time, or signed out by an administrator): once the
            // token expires the console cannot refresh it, and the person meets the login page again
            String userId = keycloak("GET", "/users?exact=true&username=" + username, null).get(0).path("id").asText();
            keycloak("POST", "/users/" + userId + "/logout", null);
            Thread.sleep(4_500);
            page.navigate(console + "/");
            page.waitForURL("**/realms/" + Realm.NAME + "/**");
            assertTrue(page.locator("#username").isVisible(), "Keycloak's login page");

            // logging in again, then out: the console's session and Keycloak's end, the next page asks for the password
            page.locator("#username").fill(username);
            page.locator("#password").fill(stack.secrets().get(Realm.passwordSecret(username)));
            page.locator("#kc-login").click();
            page.waitForURL(console + "/**");
            // the logout form's answer redirects to Keycloak (which the CSP's form-action must allow, or the browser
            // stops there and Keycloak's session lives on)
            List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onRequestFailed(r -> failed.add(r.method() + " " + r.url() + " " + r.failure()));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            String afterLogout = page.url() + " " + page.title();
            assertTrue(context.cookies().stream().noneMatch(c -> c.name.startsWith("q_session")), "session cookie gone");
            page.navigate(console + "/");
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            assertTrue(page.url().contains("/realms/" + Realm.NAME + "/"), failed + " after logout: " + afterLogout
                    + "; then: " + page.url() + " " + page.title());
            assertTrue(page.locator("#username").isVisible(), "Keycloak's login page after logout");
        } finally {
            keycloak("PUT", clientPath, client);
        }
    }

    @Test
    void anOperatorReadsTheListsAndTheReScreeningRunsAnAnalystOnlyTheLists() {
        String console = stack.config().service("analyst-console").url();
        // a list of one person no worker of any test is named after; a new version each run (its id)
        String id = Long.toString(900_000 + System.currentTimeMillis() % 99_999);
        HttpResponse<String> loaded = Http.send(HttpRequest.newBuilder(URI.create(stack.config()
                        .service("identity-service").url() + "/api/v1/watchlists/uk-fcdo-csv"))
                .header("Authorization", "Bearer " + stack.token("operator")).header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(ListFiles.fcdoCsv(id, "Quillon Zarvek", "ORBELLATRIX",
                        "01/02/1961"))).build());
        assertEquals(200, loaded.statusCode(), loaded.body());
        long version = parse(loaded.body()).path("version").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!rescreened(version)) {
            assertTrue(System.nanoTime() < deadline, "the re-screening of uk-fcdo-csv v" + version + " never finished");
            sleep(500);
        }

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            login(page, console, Realm.OPERATOR_PERSON);
            page.navigate(console + "/lists");
            Locator list = page.locator("section[aria-labelledby=loaded-heading] tr", new Page.LocatorOptions()
                    .setHasText("uk-fcdo-csv"));
            assertEquals(1, list.count());
            assertTrue(list.textContent().contains(Long.toString(version)), list.textContent());
            Locator run = page.locator("section[aria-labelledby=rescreens-heading] tbody tr", new Page.LocatorOptions()
                    .setHasText("uk-fcdo-csv v" + version));
            assertEquals(1, run.count(), page.locator("main").textContent());
            shot(page, "12-lists-operator");
        }
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            login(page, console, Realm.username("demo-platform", "analyst"));
            page.navigate(console + "/lists");
            assertTrue(page.locator("section[aria-labelledby=loaded-heading]").textContent().contains("uk-fcdo-csv"));
            assertEquals(0, page.locator("section[aria-labelledby=rescreens-heading] table").count(),
                    "the deployment-wide runs are not a tenant's business");
        }
    }

    private boolean rescreened(long version) {
        for (JsonNode run : Api.get(stack, "identity-service", "/api/v1/watchlists/rescreens", stack.token("operator")).body()) {
            if (run.path("source").asText().equals("uk-fcdo-csv") && run.path("watchlistVersion").asLong() == version
                    && run.hasNonNull("finishedAt")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode parse(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Keycloak's admin API on the suite's realm, as its administrator. */
    private JsonNode keycloak(String method, String path, JsonNode body) {
        HttpResponse<String> token = Http.send(HttpRequest.newBuilder(URI.create(stack.config().keycloakUrl()
                        + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(Http.form(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", stack.secrets().get("keycloak.admin")))).build());
        assertEquals(200, token.statusCode(), "Keycloak admin login");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.config().keycloakUrl() + "/admin/realms/"
                        + Realm.NAME + path))
                .header("Authorization", "Bearer " + parse(token.body()).path("access_token").asText())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = Http.send(request.build());
        assertTrue(response.statusCode() / 100 == 2, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return response.body().isEmpty() ? Api.JSON.nullNode() : parse(response.body());
    }

    /** How many reviews the worker's history holds. */
    private int reviews(String worker) {
        JsonNode history = Api.get(stack, "risk-aggregator", "/api/v1/workers/" + worker + "/history",
                stack.token("demo-hiring")).body();
        int n = 0;
        for (JsonNode entry : history) {
            n += entry.path("kind").asText().equals("REVIEW") ? 1 : 0;
        }
        return n;
    }

    /** Keycloak's own login page, as a person meets it. */
    private void login(Page page, String console, String username) {
        page.navigate(console + "/");
        page.waitForURL("**/realms/" + Realm.NAME + "/**");
        page.locator("#username").fill(username);
        page.locator("#password").fill(stack.secrets().get(Realm.passwordSecret(username)));
        page.locator("#kc-login").click();
        page.waitForURL(console + "/**");
        assertTrue(page.locator(".who").textContent().contains(username));
    }

    private static void review(Page page, String action, String code, String note) {
        page.locator("input[name=action][value=" + action + "]").check();
        page.getByLabel("Flag", new Page.GetByLabelOptions().setExact(true)).selectOption(code);
        page.locator("#review-note").fill(note);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record the review")).click();
    }

    /** A screenshot of the page, and its accessibility checked. */
    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
        accessible(page, name);
    }

    /**
     * The page as axe-core (Deque's rules, run in the page by its Playwright binding) judges it: WCAG 2.0, 2.1 and 2.2
     * at levels A and AA, and the best practices (landmarks, one main heading, every region labelled). A violation
     * fails the test, naming the rule and the elements.
     */
    private static void accessible(Page page, String name) {
        AxeResults results = new AxeBuilder(page)
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")).analyze();
        assertTrue(results.getErrorMessage() == null, name + ": axe-core failed: " + results.getErrorMessage());
        assertTrue(!results.getPasses().isEmpty(), name + ": axe-core checked nothing");
        String violations = results.getViolations().stream()
                .map(rule -> rule.getId() + " (" + rule.getImpact() + ", " + rule.getHelp() + "): " + rule.getNodes().stream()
                        .map(node -> node.getTarget() + " " + node.getFailureSummary()).collect(Collectors.joining(" ")))
                .collect(Collectors.joining("; "));
        assertTrue(violations.isEmpty(), name + ": " + violations);
    }

    private void loadCaseStudy() {
        List<Demo.Scenario> scenarios = Demo.scenarios(Path.of(System.getProperty("firebreak.home", "..")).resolve("examples"))
                .stream().filter(s -> s.name().startsWith("proxy-enabler")).toList();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<Demo.Row> rows = new Demo(stack.config(), stack.secrets())
                .run(scenarios, new PrintStream(buffer, true, StandardCharsets.UTF_8), Duration.ofSeconds(90));
        assertTrue(rows.stream().allMatch(Demo.Row::asExpected), buffer.toString(StandardCharsets.UTF_8));
        // the links and their NW-01 follow the tiers within moments
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Api.Reply reply = Api.get(stack, "risk-aggregator", "/api/v1/workers/cs1-ortega/assessment",
                    stack.token("demo-hiring"));
            if (reply.status() == 200 && reply.body().path("flags").toString().contains("NW-01")
                    && !reply.body().path("network").path("clusterId").isNull()) {
                return;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("cs1-ortega never linked");
    }
}
