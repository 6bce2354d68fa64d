package dev.escu.pssession.ingest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.escu.pssession.detection.EventIdentity;
import dev.escu.pssession.detection.SplunkFields;
import dev.escu.pssession.detection.SplunkTime;
import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.ingest.format.RawEvent;

/**
 * Turns a raw event of any format into the one event record the detections read, with the fields
 * the Splunk Add-on for Microsoft Windows would extract. A value given explicitly wins over a
 * derived one: the event's own fields, then its transport metadata, then the request's defaults,
 * then what the parser or the add-on derives.
 */
final class EventNormalizer {

    /** vendor_product: the add-on's constant for Windows event logs. */
    static final String VENDOR_PRODUCT = "Microsoft Windows";

    /**
     * signature by provider and EventCode, as the add-on's lookup names them.
     * Assumption (DETECTION.md): only PowerShell 4104 is known; other events have no signature.
     */
    static final Map<List<String>, String> SIGNATURES = Map.of(
            List.of("microsoft-windows-powershell", "4104"), "Microsoft-Windows-PowerShell Execute a Remote Command");

    sealed interface Result permits Normalized, Invalid {
    }

    /**
     * @param timeGiven whether the event carried its own time (else it got its arrival time)
     */
    record Normalized(WindowsEvent event, boolean timeGiven) implements Result {

        /** The event's identity; computed on demand, as only matched events need one. */
        byte[] identity() {
            return EventIdentity.of(event, timeGiven);
        }
    }

    record Invalid(String reason) implements Result {
    }

    Result normalize(RawEvent raw, IngestDefaults defaults, Instant receivedAt) {
        Lookup lookup = new Lookup(raw, defaults);
        Map<String, String> fields = new HashMap<>();
        FieldAliases.SOURCES.forEach((field, names) -> {
            String value = lookup.first(names);
            if (value != null) {
                fields.put(field, value);
            }
        });
        if (!fields.containsKey(SplunkFields.DEST)) {
            // host: fallback for dest
            putIfPresent(fields, SplunkFields.DEST, lookup.meta("host"));
        }
        // Opcode: the number XmlWinEventLog carries, also when a shipper rendered its name
        fields.computeIfPresent(SplunkFields.OPCODE, (name, value) -> WindowsOpcodes.number(value));
        fields.putIfAbsent(SplunkFields.SIGNATURE_ID, fields.get(SplunkFields.EVENT_CODE));
        fields.putIfAbsent(SplunkFields.VENDOR_PRODUCT, VENDOR_PRODUCT);
        putIfPresent(fields, SplunkFields.SIGNATURE, signature(fields));
        fields.values().removeIf(v -> v == null);
        fields.replaceAll((name, value) -> storable(value));

        String timeText = lookup.time();
        Instant time;
        try {
            time = timeText == null ? receivedAt : SplunkTime.parse(timeText);
        } catch (IllegalArgumentException e) {
            return new Invalid(e.getMessage());
        }
        WindowsEvent event = new WindowsEvent(time, fields);
        if (event.fields().isEmpty() || onlyDerived(event)) {
            return new Invalid("The event has none of the fields of a Windows event.");
        }
        return new Normalized(event, timeText != null);
    }

    /**
     * The value with what PostgreSQL's UTF-8 text cannot hold replaced by U+FFFD (the replacement
     * character): U+0000, which kept as is would fail its whole batch on storage (so an attacker could
     * sink every event sent with it), and half a surrogate pair (a JSON escape such as a lone
     * {@code \}{@code ud83d}), which the encoder would turn into "?" and so merge into another group.
     */
    static String storable(String value) {
        int i = 0;
        int n = value.length();
        while (i < n && !unstorable(value, i)) {
            i += Character.isHighSurrogate(value.charAt(i)) ? 2 : 1; // a whole pair, else one character
        }
        if (i >= n) {
            return value;
        }
        StringBuilder out = new StringBuilder(n).append(value, 0, i);
        while (i < n) {
            char c = value.charAt(i);
            if (unstorable(value, i)) {
                out.append('\uFFFD');
                i++;
            } else {
                int length = Character.isHighSurrogate(c) ? 2 : 1;
                out.append(value, i, i + length);
                i += length;
            }
        }
        return out.toString();
    }

    /** Whether the character at {@code i} is NUL or a surrogate that is not half of a whole pair starting there. */
    private static boolean unstorable(String value, int i) {
        char c = value.charAt(i);
        if (c == '\u0000') {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        return Character.isLowSurrogate(c); // a low one here has no high one before it
    }

    private static String signature(Map<String, String> fields) {
        if (fields.containsKey(SplunkFields.SIGNATURE)) {
            return fields.get(SplunkFields.SIGNATURE);
        }
        String provider = fields.get(SplunkFields.NAME);
        String code = fields.get(SplunkFields.EVENT_CODE);
        if (provider == null || code == null) {
            return null;
        }
        return SIGNATURES.get(List.of(provider.toLowerCase(java.util.Locale.ROOT), code.strip()));
    }

    private static boolean onlyDerived(WindowsEvent event) {
        return event.fields().keySet().stream().allMatch(name ->
                name.equals(SplunkFields.VENDOR_PRODUCT) || name.equals(SplunkFields.SOURCETYPE)
                        || name.equals(SplunkFields.SOURCE));
    }

    private static void putIfPresent(Map<String, String> fields, String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(name, value);
        }
    }

    /** Looks a name up in the event, then its metadata, then the request, then what was derived. */
    private record Lookup(RawEvent raw, IngestDefaults defaults) {

        String first(List<String> names) {
            for (String name : names) {
                String value = nonEmpty(raw.fields().get(name));
                if (value != null) {
                    return value;
                }
            }
            String primary = names.get(0);
            String value = meta(primary);
            return value != null ? value : nonEmpty(raw.derived().get(primary));
        }

        /** Transport metadata, then the request's defaults (only host, source and sourcetype have them). */
        String meta(String name) {
            String value = nonEmpty(raw.meta().get(name));
            if (value != null) {
                return value;
            }
            return switch (name) {
                case "host" -> nonEmpty(defaults.host());
                case "source" -> nonEmpty(defaults.source());
                case "sourcetype" -> nonEmpty(defaults.sourcetype());
                default -> null;
            };
        }

        // Splunk's _time first, then HEC's time, then the time the event itself records.
        String time() {
            String explicit = nonEmpty(raw.fields().get("_time"));
            if (explicit != null) {
                return explicit;
            }
            String hec = nonEmpty(raw.meta().get("time"));
            if (hec != null) {
                return hec;
            }
            for (String name : FieldAliases.TIME) {
                String value = nonEmpty(raw.fields().get(name));
                if (value != null) {
                    return value;
                }
            }
            return null;
        }

        private static String nonEmpty(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }
}
