package dev.firebreak.identity.watchlist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * OpenSanctions FollowTheMoney entities as JSON lines ({@code ftm-json}), read line by line. Persons,
 * organisations, companies, legal entities, vessels and aircraft that are sanction targets become entries
 * (id = the FtM id); their {@code name}, {@code alias}, {@code weakAlias}, {@code previousName} are names,
 * {@code birthDate} dates, {@code nationality}/{@code citizenship} nationalities, {@code passportNumber} and
 * {@code idNumber} identifiers. Passport, Identification and CryptoWallet entities add their number or public
 * key to their holder's identifiers. Every line must be a JSON object with an id and a schema; a line that is
 * not is rejected naming its number.
 */
public final class FtmJsonParser {

    public static final String SOURCE = "ftm-json";

    private static final Set<String> TARGET_SCHEMATA = Set.of("Person", "Organization", "Company", "LegalEntity",
            "PublicBody", "Vessel", "Airplane");

    private FtmJsonParser() {
    }

    public static int parse(Reader in, ObjectMapper json, Consumer<WatchlistEntry> sink) {
        Map<String, EntryBuilder> entries = new LinkedHashMap<>();
        Map<String, List<String>> heldIdentifiers = new HashMap<>();
        BufferedReader lines = new BufferedReader(in, 1 << 16);
        long number = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode entity;
                try {
                    entity = json.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new ListFormatException("ftm-json line " + number + ": not JSON ("
                            + e.getOriginalMessage() + ")");
                }
                if (entity == null || !entity.isObject() || !entity.path("id").isTextual()
                        || !entity.path("schema").isTextual()) {
                    throw new ListFormatException("ftm-json line " + number + ": not an entity with id and schema");
                }
                String schema = entity.get("schema").asText();
                JsonNode props = entity.path("properties");
                switch (schema) {
                    case "Passport", "Identification" -> held(heldIdentifiers, props, "holder", props.path("number"));
                    case "CryptoWallet" -> held(heldIdentifiers, props, "holder", props.path("publicKey"));
                    default -> {
                        if (TARGET_SCHEMATA.contains(schema) && entity.path("target").asBoolean(true)) {
                            EntryBuilder entry = new EntryBuilder(SOURCE, entity.get("id").asText());
                            entry.type(schema.equals("Person") ? "INDIVIDUAL" : schema);
                            strings(props, "name").forEach(n -> entry.name(n, true));
                            for (String key : List.of("alias", "weakAlias", "previousName")) {
                                strings(props, key).forEach(n -> entry.name(n, false));
                            }
                            strings(props, "birthDate").forEach(entry::birth);
                            strings(props, "nationality").forEach(entry::nationality);
                            strings(props, "citizenship").forEach(entry::nationality);
                            strings(props, "passportNumber").forEach(entry::identifier);
                            strings(props, "idNumber").forEach(entry::identifier);
                            if (!entry.hasName()) {
                                throw new ListFormatException("ftm-json line " + number + ": " + schema + " without a name");
                            }
                            entries.put(entry.entryId(), entry);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ListFormatException("ftm-json line " + number + ": " + e.getMessage(), e);
        }
        heldIdentifiers.forEach((holder, ids) -> {
            EntryBuilder entry = entries.get(holder);
            if (entry != null) {
                ids.forEach(entry::identifier);
            }
        });
        entries.values().forEach(e -> sink.accept(e.build()));
        return entries.size();
    }

    private static void held(Map<String, List<String>> sink, JsonNode props, String holderKey, JsonNode values) {
        for (String holder : strings(props, holderKey)) {
            for (JsonNode v : values) {
                if (v.isTextual()) {
                    sink.computeIfAbsent(holder, k -> new ArrayList<>()).add(v.asText());
                }
            }
        }
    }

    private static List<String> strings(JsonNode props, String key) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : props.path(key)) {
            if (v.isTextual() && !v.asText().isBlank()) {
                out.add(v.asText());
            }
        }
        return out;
    }
}
