package dev.firebreak.console.web;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's doors, without a browser: a page asks for a login (the code flow with PKCE, at the identity
 * provider), health and the stylesheet do not, every answer carries the strict Content-Security-Policy, and a form
 * posted without a session or a CSRF token changes nothing. The whole flow, logged in, is system-tests' ConsoleIT.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ConsoleSecurityTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, never the API's. */
    @TestHTTPResource(value = "health", management = true)
    URL management;

    @Test
    void aPageSendsThePersonToLogInWithPkce() {
        Response response = given().redirects().follow(false).get("/workers/w-1");
        assertEquals(302, response.statusCode());
        String location = response.header("Location");
        assertTrue(location.contains("response_type=code"), location);
        assertTrue(location.contains("code_challenge_method=S256"), location);
        assertTrue(location.contains("client_id=quarkus-web-app"), location);
        // the session's state cookie is HttpOnly
        assertTrue(response.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.toLowerCase(java.util.Locale.ROOT).contains("httponly")),
                response.headers().toString());
    }

    @Test
    void healthAndTheStylesheetNeedNoLoginAndEveryAnswerHasTheCsp() {
        given().port(management.getPort()).get("/q/health/live").then().statusCode(200);
        given().get("/static/console.css").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff");
        given().get("/webjars/htmx.org/2.0.4/dist/htmx.min.js").then().statusCode(200);
        given().redirects().follow(false).get("/").then()
                .header("Content-Security-Policy", containsString("default-src 'none'"));
    }

    @Test
    void aFormPostedWithoutASessionIsNotAcceptedAndSendsNothingOn() {
        int status = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("action", "CONFIRM").post("/workers/w-1/reviews").statusCode();
        assertTrue(status == 302 || status == 401 || status == 400 || status == 403, "status " + status);
        RestAssured.reset();
    }
}
