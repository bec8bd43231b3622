package dev.firebreak.platform.api;

import dev.firebreak.platform.event.EventContract;
import dev.firebreak.platform.event.EventType;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Discriminator;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The platform event contract in the OpenAPI document: a schema per event type ({@code RatingEvent}, ...) with its
 * required and optional fields and what each feeds, and {@code PlatformEvent}, their union discriminated on
 * {@code type}, as the element of {@code POST /api/v1/events}. Written from {@link EventContract}, the definition the
 * intake checks events against, so the document and the checks cannot drift apart. (The request class itself takes the
 * type's fields as a map, which is what keeps one pass of Jackson per event on the hot path; annotations on it could
 * only describe that map.) Run at build time, so the document stored at build is the served one.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class EventSchemas implements OASFilter {

    static final String UNION = "PlatformEvent";
    private static final String REF = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Discriminator discriminator = OASFactory.createDiscriminator().propertyName("type");
        List<Schema> choices = new ArrayList<>();
        for (EventContract.Spec spec : EventContract.all()) {
            String name = schemaName(spec.type());
            openAPI.getComponents().addSchema(name, schema(spec));
            discriminator.addMapping(spec.type().name(), REF + name);
            choices.add(OASFactory.createSchema().ref(REF + name));
        }
        openAPI.getComponents().addSchema(UNION, OASFactory.createSchema().oneOf(choices).discriminator(discriminator)
                .description("One platform event: the common fields and its type's own. A missing required field "
                        + "or a field of the wrong kind is refused (REST: 400 naming the field; topic: a dead letter "
                        + "with the reason). Fields a type does not name are accepted within the event's limits and "
                        + "not read."));
        PathItem events = openAPI.getPaths() == null ? null : openAPI.getPaths().getPathItem("/api/v1/events");
        Operation post = events == null ? null : events.getPOST();
        if (post != null && post.getRequestBody() != null) {
            Schema batch = OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).minItems(1)
                    .maxItems(PlatformResource.MAX_BATCH).items(OASFactory.createSchema().ref(REF + UNION));
            MediaType json = OASFactory.createMediaType().schema(batch);
            Content content = OASFactory.createContent().addMediaType("application/json", json);
            post.getRequestBody().content(content);
            // the free-form request class is described by the union now
            openAPI.getComponents().removeSchema("EventRequest");
        }
    }

    static String schemaName(EventType type) {
        StringBuilder name = new StringBuilder();
        for (String part : type.name().split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.append("Event").toString();
    }

    private static Schema schema(EventContract.Spec spec) {
        Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description(spec.description() + (spec.feeds().isEmpty() ? "" : "; feeds " + String.join(", ", spec.feeds())))
                .additionalPropertiesSchema(OASFactory.createSchema());
        schema.addProperty("eventId", string().maxLength(200).description("the tenant's id of the event (idempotency)"));
        schema.addProperty("type", string().enumeration(List.of(spec.type().name())));
        schema.addProperty("accountId", string().pattern(EventRequest.ID).description("the platform account"));
        schema.addProperty("occurredAt", string().format("date-time").description("when it happened (ISO 8601)"));
        for (EventContract.Field field : EventContract.COMMON) {
            Schema common = property(field);
            switch (field.name()) { // as EventRequest bounds them
                case "ip" -> common.maxLength(null).pattern(EventRequest.IP);
                case "deviceId" -> common.maxLength(200);
                default -> { }
            }
            schema.addProperty(field.name(), common);
        }
        List<String> required = new ArrayList<>(List.of("eventId", "type", "accountId", "occurredAt"));
        for (EventContract.Field field : spec.fields()) {
            schema.addProperty(field.name(), property(field));
            if (field.required()) {
                required.add(field.name());
            }
        }
        return schema.required(required);
    }

    private static Schema property(EventContract.Field field) {
        Schema s = switch (field.kind()) {
            case TEXT -> string().maxLength(EventLimits.MAX_TEXT);
            case ID -> string().pattern(EventRequest.ID);
            case NUMBER -> OASFactory.createSchema().addType(Schema.SchemaType.NUMBER);
            case COUNTRY -> string().pattern("^[A-Za-z]{2}$");
            case TIME_ZONE -> string().maxLength(64).examples(List.of("Europe/Warsaw"));
            case HOURS -> string().pattern("^" + EventContract.HOURS_PATTERN + "$");
            case CHOICE -> string().enumeration(new ArrayList<>(field.choices()));
            case TEXT_LIST -> OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).maxItems(EventLimits.MAX_LIST)
                    .items(string());
            case PORT_LIST -> OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).maxItems(EventLimits.MAX_LIST)
                    .items(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(BigDecimal.ONE)
                            .maximum(BigDecimal.valueOf(65535)));
        };
        String feeds = field.feeds().isEmpty() ? "" : " (feeds " + String.join(", ", field.feeds()) + ")";
        return s.description(field.description() + feeds);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }
}
