package dev.firebreak.identity;

import dev.firebreak.localstack.testing.FileServer;
import dev.firebreak.localstack.testing.LocalInfraResource;
import dev.firebreak.localstack.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lists that refresh themselves, against a publisher on loopback (the test infrastructure's {@link FileServer}, where
 * the test profile points uk-fcdo-csv): a good file is imported, the
 * same file again costs nothing (304), a file that shrank too much, one that does not parse and a server error each
 * keep the current list and raise the alert's gauge, which a good file clears; and the endpoints refuse what they must.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class WatchlistRefreshTest {

    private static final String OPERATOR = Tokens.withoutTenant("operator");

    @TestHTTPResource(value = "health", management = true)
    URL management;

    @ConfigProperty(name = "firebreak.test.files-url")
    String files;

    private String list() {
        return files + "uk-fcdo.csv";
    }

    /** An FCDO list of {@code people} invented persons (names no test screens), in the fixture's format. */
    private static byte[] fcdo(int people) throws IOException {
        String fixture;
        try (InputStream in = WatchlistRefreshTest.class.getResourceAsStream("/lists/uk-fcdo-fixture.csv")) {
            fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = fixture.split("\r?\n");
        StringBuilder file = new StringBuilder(lines[0]).append("\r\n").append(lines[1]).append("\r\n");
        String template = lines[2];
        for (int n = 0; n < people; n++) {
            file.append(template.replace("DPR9001", "ZQR" + (5000 + n)).replace(",SIN,HYE,YONG,",
                    ",VELTHARION" + (char) ('A' + n % 26) + (char) ('A' + n / 26) + ",YSOLDE,QUENNA,")).append("\r\n");
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    private io.restassured.response.ValidatableResponse refresh() {
        return given().auth().oauth2(OPERATOR).when().post("/api/v1/watchlists/uk-fcdo-csv/refresh").then();
    }

    private int entries() {
        return given().auth().oauth2(OPERATOR).when().get("/api/v1/watchlists").then().statusCode(200).extract()
                .path("find { it.source == 'uk-fcdo-csv' }.entries");
    }

    private double metric(String line) {
        String scrape = given().port(management.getPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        return scrape.lines().filter(l -> l.startsWith(line)).mapToDouble(l -> Double.parseDouble(l.substring(
                l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aGoodFileReplacesTheListASuspiciousOrBrokenOneOrAFailedFetchKeepsItAndRaisesTheAlert() throws Exception {
        FileServer.put(list(), fcdo(20));
        refresh().statusCode(200).body("outcome", equalTo("IMPORTED")).body("detail", containsString("20 entries"));
        assertEquals(20, entries());
        assertEquals(0, metric("firebreak_watchlist_refresh_failing{source=\"uk-fcdo-csv\""));

        // the same file: not downloaded again
        int notModified = FileServer.notModified(files);
        refresh().statusCode(200).body("outcome", equalTo("UNCHANGED"));
        assertEquals(notModified + 1, FileServer.notModified(files));

        // shrunk by half: refused, the list stays, the alert's gauge is up
        FileServer.put(list(), fcdo(10));
        refresh().statusCode(200).body("outcome", equalTo("REFUSED")).body("detail", containsString("shrank"));
        assertEquals(20, entries());
        assertEquals(1, metric("firebreak_watchlist_refresh_failing{source=\"uk-fcdo-csv\""));
        assertTrue(metric("firebreak_watchlist_refreshes_total{outcome=\"refused\",source=\"uk-fcdo-csv\"") >= 1);

        // not a list, and a server error: refused and failed, the list stays
        FileServer.put(list(), "<html>maintenance</html>".getBytes(StandardCharsets.UTF_8));
        refresh().statusCode(200).body("outcome", equalTo("REFUSED"));
        FileServer.answer(list(), 503);
        refresh().statusCode(200).body("outcome", equalTo("FAILED")).body("detail", containsString("503"));
        assertEquals(20, entries());
        given().auth().oauth2(OPERATOR).when().get("/api/v1/watchlists/refreshes").then().statusCode(200)
                .body("find { it.source == 'uk-fcdo-csv' }.outcome", equalTo("FAILED"))
                .body("find { it.source == 'uk-fcdo-csv' }.url", containsString("/uk-fcdo.csv"));

        // a good file again (grown): imported, the gauge back to 0
        FileServer.put(list(), fcdo(21));
        refresh().statusCode(200).body("outcome", equalTo("IMPORTED"));
        assertEquals(21, entries());
        assertEquals(0, metric("firebreak_watchlist_refresh_failing{source=\"uk-fcdo-csv\""));
    }

    @Test
    void theEndpointsRefuseWhatTheyMust() {
        given().auth().oauth2(OPERATOR).when().post("/api/v1/watchlists/eu-list/refresh").then().statusCode(400);
        given().auth().oauth2(OPERATOR).when().post("/api/v1/watchlists/un-xml/refresh").then().statusCode(404)
                .body("detail", containsString("firebreak.watchlists.refresh.urls"));
        given().auth().oauth2(Tokens.tenant("tenant-a", "HIRING_FIRM", "analyst")).when()
                .post("/api/v1/watchlists/uk-fcdo-csv/refresh").then().statusCode(403);
        given().auth().oauth2(Tokens.tenant("tenant-a", "HIRING_FIRM", "analyst")).when()
                .get("/api/v1/watchlists/refreshes").then().statusCode(403);
        given().when().post("/api/v1/watchlists/uk-fcdo-csv/refresh").then().statusCode(401);
    }
}
