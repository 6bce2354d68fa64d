package dev.escu.pssession.detection.escu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads of a {@link YamlTree} map, each failing with a reason that names the key. */
final class YamlValues {

    private final Map<String, Object> map;
    private final String prefix;

    YamlValues(Map<String, Object> map, String prefix) {
        this.map = map;
        this.prefix = prefix;
    }

    @SuppressWarnings("unchecked")
    static YamlValues of(Object document, String what) throws MalformedContentException {
        if (!(document instanceof Map<?, ?> map)) {
            throw new MalformedContentException(what + " is not a YAML mapping");
        }
        return new YamlValues((Map<String, Object>) map, "");
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    Map<String, Object> raw() {
        return map;
    }

    /** Text, or null when absent. */
    String text(String key) throws MalformedContentException {
        Object value = map.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new MalformedContentException(prefix + key + " is not text");
    }

    String requiredText(String key) throws MalformedContentException {
        String value = text(key);
        if (value == null || value.isBlank()) {
            throw new MalformedContentException("required key " + prefix + key + " is missing");
        }
        return value;
    }

    String text(String key, String otherwise) throws MalformedContentException {
        String value = text(key);
        return value == null ? otherwise : value;
    }

    int requiredWholeNumber(String key) throws MalformedContentException {
        String value = requiredText(key);
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new MalformedContentException(prefix + key + " is not a whole number: " + shown(value));
        }
    }

    /** A list of texts; a single text counts as a list of one; absent is empty. */
    List<String> texts(String key) throws MalformedContentException {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (!(value instanceof List<?> list)) {
            throw new MalformedContentException(prefix + key + " is not a list");
        }
        List<String> texts = new ArrayList<>();
        for (Object item : list) {
            if (item != null && !(item instanceof String)) {
                throw new MalformedContentException(prefix + key + " holds something other than text");
            }
            if (item != null) {
                texts.add((String) item);
            }
        }
        return texts;
    }

    /** A list of mappings; absent is empty. */
    @SuppressWarnings("unchecked")
    List<YamlValues> mappings(String key) throws MalformedContentException {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new MalformedContentException(prefix + key + " is not a list");
        }
        List<YamlValues> mappings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> entry)) {
                throw new MalformedContentException(prefix + key + " holds something other than mappings");
            }
            mappings.add(new YamlValues((Map<String, Object>) entry, prefix + key + "[]."));
        }
        return mappings;
    }

    /** A mapping, or null when absent. */
    @SuppressWarnings("unchecked")
    YamlValues mapping(String key) throws MalformedContentException {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> entry)) {
            throw new MalformedContentException(prefix + key + " is not a mapping");
        }
        return new YamlValues((Map<String, Object>) entry, prefix + key + ".");
    }

    static String shown(String value) {
        return "'" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'";
    }
}
