package dev.firebreak.system;

import dev.firebreak.contract.Topics;
import dev.firebreak.localstack.Http;
import dev.firebreak.localstack.LocalStack;
import dev.firebreak.localstack.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator watches, on the real stack (issue 27): health, metrics and the OpenAPI documents answer on each
 * service's management port and not on its API port; the suite's named metrics move when what they count happens (a
 * list import, a signal, dead letters on three paths); and every metric docs/operations.md catalogues, which the
 * dashboards and alert rules of k8s/base/monitoring may use (the k8s module checks that), is on a service's scrape.
 */
@ExtendWith(SharedStack.class)
class ObservabilityIT {

    static final List<String> SERVICES = List.of("identity-service", "platform-signals-service", "payments-service",
            "risk-aggregator", "analyst-console");
    private static final Pattern CATALOGUE_ROW = Pattern.compile("^\\| `(firebreak_[a-z0-9_]+)`");

    private final LocalStack stack = SharedStack.stack();

    @Test
    void healthMetricsAndOpenApiAreOnTheManagementPortOnly() {
        for (String module : SERVICES) {
            for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi")) {
                if (module.equals("analyst-console") && path.equals("/q/openapi")) {
                    continue; // the console serves pages, no API document
                }
                assertEquals(200, status(stack.config().service(module).managementUrl() + path), module + path);
                int onApi = status(stack.config().service(module).url() + path);
                // the console sends an unauthenticated person to its login page; the services answer 404
                assertTrue(onApi == 404 || module.equals("analyst-console") && onApi == 302,
                        module + " serves " + path + " on its API port: " + onApi);
            }
        }
    }

    @Test
    void theNamedMetricsCountWhatHappensAndEveryCataloguedMetricIsPublished() throws Exception {
        String run = UUID.randomUUID().toString();
        // a list import: its age appears
        HttpResponse<String> loaded = Http.send(HttpRequest.newBuilder(URI.create(stack.config()
                        .service("identity-service").url() + "/api/v1/watchlists/uk-fcdo-csv"))
                .header("Authorization", "Bearer " + stack.token("operator")).header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(ListFiles.fcdoCsv(Long.toString(
                        800_000 + System.currentTimeMillis() % 99_999), "Ysolde Brannoch", "VELTHARION", "03/04/1958")))
                .build());
        assertEquals(200, loaded.statusCode(), loaded.body());
        // a signal: counted by its code
        String hiring = stack.token("demo-hiring");
        assertEquals(201, Api.post(stack, "identity-service", "/api/v1/documents", hiring,
                Documents.passport("st-obs-" + run, Documents.dprkPassport())).status());
        // dead letters on three paths: a consumer's checks (the aggregator), a channel's failure strategy (every
        // service's worker.erasures), and the Kafka Streams topology (a tenant's platform-events topic)
        String kafka = stack.kafka().bootstrapServers();
        TopicReader.write(kafka, Topics.RISK_SIGNALS, "demo-hiring:obs-" + run, "{ not a signal " + run);
        TopicReader.write(kafka, Topics.WORKER_ERASURES, "demo-hiring:obs-" + run, "[\"not an erasure\"]");
        TopicReader.write(kafka, Topics.platformEvents("demo-hiring"), "acct-obs-" + run, "{ not an event");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertTrue(value(Api.metrics(stack, "identity-service"), "firebreak_watchlist_age_seconds",
                    "source=\"uk-fcdo-csv\"") < 120, "the list's age after its import");
            String aggregator = Api.metrics(stack, "risk-aggregator");
            assertTrue(value(aggregator, "firebreak_signals_total", "code=\"ID-") >= 1, "a signal counted by code");
            assertTrue(value(aggregator, "firebreak_dead_letters_total", "topic=\"risk.signals\"") >= 1,
                    "the aggregator's dead letter");
            for (String module : List.of("identity-service", "payments-service", "platform-signals-service",
                    "risk-aggregator")) {
                assertTrue(value(Api.metrics(stack, module), "firebreak_dead_letters_total",
                        "topic=\"worker.erasures\"") >= 1, module + " dead-lettered the broken erasure notice");
            }
            assertTrue(value(Api.metrics(stack, "platform-signals-service"), "firebreak_dead_letters_total",
                    "topic=\"platform.events\"") >= 1, "the topology's dead letter");
        });

        Set<String> published = new TreeSet<>();
        for (String module : SERVICES) {
            Matcher m = Pattern.compile("(?m)^# TYPE (firebreak_[a-z0-9_]+) ").matcher(Api.metrics(stack, module));
            while (m.find()) {
                published.add(m.group(1));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String metric : catalogue()) {
            // a counter's TYPE line names it without _total
            if (!published.contains(metric) && !published.contains(metric.replaceFirst("_total$", ""))) {
                missing.add(metric);
            }
        }
        assertEquals(List.of(), missing, "catalogued in docs/operations.md but on no scrape; published: " + published);
        for (String gauge : List.of("firebreak_outbox_pending", "firebreak_outbox_oldest_pending_seconds",
                "firebreak_assessment_refresh_lag_seconds")) {
            assertTrue(published.contains(gauge), gauge);
        }
    }

    private Set<String> catalogue() throws IOException {
        Path doc = stack.config().home().resolve("docs/operations.md");
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher m = CATALOGUE_ROW.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        assertTrue(names.size() >= 10, "docs/operations.md catalogues " + names);
        return names;
    }

    /** The sum of a metric's samples whose labels contain {@code labelPart}; NaN when there is none. */
    private static double value(String scrape, String metric, String labelPart) {
        List<Double> values = Api.samples(scrape, metric, labelPart);
        return values.isEmpty() ? Double.NaN : values.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static int status(String url) {
        return Http.send(HttpRequest.newBuilder(URI.create(url)).GET().build()).statusCode();
    }
}
