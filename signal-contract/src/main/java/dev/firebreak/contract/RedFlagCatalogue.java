package dev.firebreak.contract;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The complete red-flag catalogue of RED-FLAGS.md, loaded from {@code red-flags.json} in this jar. */
public final class RedFlagCatalogue {

    private static final String RESOURCE = "red-flags.json";
    private static final RedFlagCatalogue STANDARD = load();

    private final Map<String, RedFlag> byCode;

    private RedFlagCatalogue(Map<String, RedFlag> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    public static RedFlagCatalogue standard() {
        return STANDARD;
    }

    public Optional<RedFlag> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public RedFlag require(String code) {
        RedFlag flag = byCode.get(code);
        if (flag == null) {
            throw new IllegalArgumentException("unknown red-flag code: " + code);
        }
        return flag;
    }

    public boolean contains(String code) {
        return byCode.containsKey(code);
    }

    public Collection<RedFlag> all() {
        return byCode.values();
    }

    private static RedFlagCatalogue load() {
        try (InputStream in = RedFlagCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from signal-contract");
            }
            List<RedFlag> flags = ContractJson.mapper().readValue(in, new TypeReference<>() { });
            Map<String, RedFlag> map = new LinkedHashMap<>();
            for (RedFlag flag : flags) {
                if (map.put(flag.code(), flag) != null) {
                    throw new IllegalStateException("duplicate red-flag code " + flag.code());
                }
            }
            return new RedFlagCatalogue(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
