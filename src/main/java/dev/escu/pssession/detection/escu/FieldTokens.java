package dev.escu.pssession.detection.escu;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splunk's {@code $field$} tokens in content text: drilldown names and searches, risk messages. */
final class FieldTokens {

    private static final Pattern TOKEN = Pattern.compile("\\$([A-Za-z0-9_.]+)\\$");

    private FieldTokens() {
    }

    /** The fields the text names, in order, each once; no text names none. */
    static List<String> named(String text) {
        LinkedHashSet<String> fields = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(text == null ? "" : text);
        while (m.find()) {
            fields.add(m.group(1));
        }
        return List.copyOf(fields);
    }

    /** The text with each {@code $field$} replaced by its value; a field without a value stays as written. */
    static String fill(String text, Function<String, String> values) {
        Matcher m = TOKEN.matcher(text == null ? "" : text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
