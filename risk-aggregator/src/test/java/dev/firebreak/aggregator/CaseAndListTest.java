package dev.firebreak.aggregator;

import dev.firebreak.contract.Severity;
import dev.firebreak.contract.Subject;
import dev.firebreak.localstack.testing.LocalInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

import static dev.firebreak.localstack.testing.Tokens.tenant;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cases (issue 26: assignee, status, notes; audited; concurrent edits refused) and the worker list an analyst's queue
 * reads (filters, cursor paging, counts per tier), through the API; bad input is a 400 naming the field and changes
 * nothing, another tenant's worker is a 404, an ingest client may not touch a case.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(LocalInfraResource.class)
class CaseAndListTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private final String tenantId = "tenant-" + UUID.randomUUID();
    private final String analyst = tenant(tenantId, "PLATFORM", "analyst");
    private final String admin = tenant(tenantId, "PLATFORM", "admin");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aCaseIsAssignedMovedAndNotedAuditedAndAStaleEditIsRefused() {
        String worker = "w-" + UUID.randomUUID();
        flag(worker, "ID-07", Severity.HIGH);
        Response read = given().auth().oauth2(analyst).get("/api/v1/workers/{id}/case", worker);
        read.then().statusCode(200).header("ETag", "\"v0\"").body("status", equalTo("OPEN"))
                .body("assignee", nullValue()).body("version", equalTo(0)).body("notes", hasSize(0));

        given().auth().oauth2(analyst).header("If-Match", "\"v0\"").contentType(ContentType.JSON)
                .body(Map.of("status", "IN_REVIEW", "assignee", "alice@example.org", "note", "Looking at the payouts"))
                .put("/api/v1/workers/{id}/case", worker).then().statusCode(200).header("ETag", "\"v1\"")
                .body("status", equalTo("IN_REVIEW")).body("assignee", equalTo("alice@example.org"))
                .body("version", equalTo(1)).body("notes[0].note", equalTo("Looking at the payouts"))
                .body("notes[0].author", equalTo("client-" + tenantId));
        // an edit made on version 0 by someone else: refused, nothing changes
        given().auth().oauth2(analyst).header("If-Match", "\"v0\"").contentType(ContentType.JSON)
                .body(Map.of("status", "CLOSED")).put("/api/v1/workers/{id}/case", worker).then().statusCode(412)
                .contentType("application/problem+json");
        // bad input: a 400 naming the field, nothing changes
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(Map.of("status", "DONE"))
                .put("/api/v1/workers/{id}/case", worker).then().statusCode(400);
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(Map.of("assignee", "<script>"))
                .put("/api/v1/workers/{id}/case", worker).then().statusCode(400);
        given().auth().oauth2(analyst).header("If-Match", "3").contentType(ContentType.JSON)
                .body(Map.of("status", "CLOSED")).put("/api/v1/workers/{id}/case", worker).then().statusCode(400);
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body("{not json")
                .put("/api/v1/workers/{id}/case", worker).then().statusCode(400);
        // only analysts; another tenant's worker and a worker never reported do not exist
        given().auth().oauth2(tenant(tenantId, "PLATFORM", "ingest")).contentType(ContentType.JSON)
                .body(Map.of("status", "CLOSED")).put("/api/v1/workers/{id}/case", worker).then().statusCode(403);
        given().auth().oauth2(tenant("tenant-" + UUID.randomUUID(), "PLATFORM", "analyst"))
                .get("/api/v1/workers/{id}/case", worker).then().statusCode(404);
        given().auth().oauth2(analyst).get("/api/v1/workers/{id}/case", "w-never-" + UUID.randomUUID()).then()
                .statusCode(404);
        given().auth().oauth2(analyst).get("/api/v1/workers/{id}/case", worker).then().statusCode(200)
                .body("version", equalTo(1)).body("status", equalTo("IN_REVIEW"));

        // a change without If-Match applies; one that changes nothing keeps the version
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(Map.of("status", "CLOSED", "assignee", ""))
                .put("/api/v1/workers/{id}/case", worker).then().statusCode(200).body("version", equalTo(2))
                .body("assignee", nullValue());
        given().auth().oauth2(analyst).contentType(ContentType.JSON).body(Map.of("status", "CLOSED"))
                .put("/api/v1/workers/{id}/case", worker).then().statusCode(200).body("version", equalTo(2));
        // every change is in the worker's history
        List<String> history = given().auth().oauth2(analyst).get("/api/v1/workers/{id}/history", worker).then()
                .statusCode(200).extract().path("findAll { it.kind == 'CASE' }.detail");
        assertEquals(List.of("status OPEN → IN_REVIEW; assigned to alice@example.org; note: Looking at the payouts",
                "status IN_REVIEW → CLOSED; unassigned"), history);

        // erased with the worker
        given().auth().oauth2(admin).delete("/api/v1/workers/{id}", worker).then().statusCode(202);
        given().auth().oauth2(analyst).get("/api/v1/workers/{id}/case", worker).then().statusCode(404);
    }

    @Test
    void theListFiltersPagesByCursorAndCountsPerTier() {
        Instant before = Instant.now().minusSeconds(1);
        List<String> workers = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String worker = "w-list-" + i + "-" + UUID.randomUUID();
            workers.add(worker);
            // equal scores for most of them: the worker id orders them, and the cursor must carry both
            flag(worker, i < 2 ? "ID-07" : "PL-08", i < 2 ? Severity.HIGH : Severity.MEDIUM);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> all(50).size() == 7);
        List<String> everyone = all(50);
        assertEquals(everyone, all(3), "three at a time, following the next links, gives the same list");
        assertEquals(everyone, all(1));

        String assigned = workers.get(3);
        given().auth().oauth2(analyst).contentType(ContentType.JSON)
                .body(Map.of("status", "IN_REVIEW", "assignee", "bob")).put("/api/v1/workers/{id}/case", assigned)
                .then().statusCode(200);
        given().auth().oauth2(analyst).contentType(ContentType.JSON)
                .body(Map.of("action", "ESCALATE", "note", "payouts to a third party")).post("/api/v1/workers/{id}/reviews", workers.get(4))
                .then().statusCode(201);
        given().auth().oauth2(analyst).queryParam("assignee", "bob").get("/api/v1/workers").then().statusCode(200)
                .body("workerId", equalTo(List.of(assigned))).body("[0].caseStatus", equalTo("IN_REVIEW"));
        given().auth().oauth2(analyst).queryParam("status", "OPEN").get("/api/v1/workers").then().statusCode(200)
                .body("workerId", hasSize(6)).body("workerId", not(hasItem(assigned)));
        given().auth().oauth2(analyst).queryParam("review", "ESCALATE").get("/api/v1/workers").then()
                .body("workerId", equalTo(List.of(workers.get(4)))).body("[0].lastReview", equalTo("ESCALATE"));
        given().auth().oauth2(analyst).queryParam("review", "NONE").get("/api/v1/workers").then()
                .body("workerId", hasSize(6));
        given().auth().oauth2(analyst).queryParam("code", "ID-07").get("/api/v1/workers").then()
                .body("workerId", hasSize(2)).body("workerId", hasItem(workers.get(0)));
        given().auth().oauth2(analyst).queryParam("q", "w-list-5").get("/api/v1/workers").then()
                .body("workerId", equalTo(List.of(workers.get(5))));
        given().auth().oauth2(analyst).queryParam("q", workers.get(6)).queryParam("code", "PL-08")
                .get("/api/v1/workers").then().body("workerId", equalTo(List.of(workers.get(6))));

        Map<String, Object> counts = given().auth().oauth2(analyst).queryParam("changedSince", before.toString())
                .get("/api/v1/workers/counts").then().statusCode(200).extract().path("");
        assertEquals(7, counts.get("total"));
        assertEquals(7, counts.get("changedSince"));
        @SuppressWarnings("unchecked")
        Map<String, Integer> tiers = (Map<String, Integer>) counts.get("tiers");
        assertEquals(7, tiers.values().stream().mapToInt(Integer::intValue).sum());
        given().auth().oauth2(analyst).queryParam("changedSince", Instant.now().plusSeconds(60).toString())
                .get("/api/v1/workers/counts").then().body("changedSince", equalTo(0));
        given().auth().oauth2(analyst).get("/api/v1/workers/counts").then().body("changedSince", nullValue());
        given().auth().oauth2(analyst).queryParam("changedSince", Instant.now().plusSeconds(60).toString())
                .get("/api/v1/workers").then().body("workerId", hasSize(0));

        // bad input names the field
        for (String[] bad : List.of(new String[] {"tier", "PURPLE"}, new String[] {"code", "XX-99"},
                new String[] {"status", "DONE"}, new String[] {"review", "MAYBE"}, new String[] {"q", "a b"},
                new String[] {"after", "not-a-cursor"}, new String[] {"limit", "0"}, new String[] {"limit", "201"},
                new String[] {"changedSince", "yesterday"}, new String[] {"assignee", "<b>"})) {
            given().auth().oauth2(analyst).queryParam(bad[0], bad[1]).get("/api/v1/workers").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo(bad[0]));
        }
        given().auth().oauth2(analyst).queryParam("page", "1").queryParam("after", "eA").get("/api/v1/workers")
                .then().statusCode(400);
        // another tenant sees none of them
        given().auth().oauth2(tenant("tenant-" + UUID.randomUUID(), "PLATFORM", "analyst")).get("/api/v1/workers")
                .then().statusCode(200).body("workerId", hasSize(0));
    }

    /** The tenant's whole list, {@code limit} at a time through the next links. */
    private List<String> all(int limit) {
        List<String> ids = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 20; pages++) {
            var request = given().auth().oauth2(analyst).queryParam("limit", limit);
            if (after != null) {
                request.queryParam("after", after);
            }
            Response page = request.get("/api/v1/workers");
            page.then().statusCode(200);
            ids.addAll(page.path("workerId"));
            String link = page.header("Link");
            if (link == null) {
                return ids;
            }
            Matcher m = java.util.regex.Pattern.compile("[?&]after=([^&>]+)").matcher(link);
            assertTrue(m.find(), link);
            after = m.group(1);
        }
        throw new AssertionError("more than 20 pages");
    }

    private void flag(String worker, String code, Severity severity) {
        Messages.signal(kafka, tenantId, Subject.worker(worker), code, severity, 0.9, T, "e-" + worker);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(analyst)
                .get("/api/v1/workers/{id}/assessment", worker).statusCode() == 200);
    }
}
