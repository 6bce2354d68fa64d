package dev.escu.pssession.tuning;

import java.util.regex.Pattern;

/**
 * A Splunk search value with {@code *} wildcards ({@code "ADMIN-JUMP-*"}): matches the whole value,
 * any run of characters for each {@code *}, ignoring case as the {@code search} command does.
 */
record WildcardPattern(String text, Pattern regex) {

    static WildcardPattern of(String text) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int star = text.indexOf('*'); star >= 0; star = text.indexOf('*', start)) {
            if (star > start) {
                regex.append(Pattern.quote(text.substring(start, star)));
            }
            regex.append(".*");
            start = star + 1;
        }
        if (start < text.length()) {
            regex.append(Pattern.quote(text.substring(start)));
        }
        return new WildcardPattern(text, Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
    }

    boolean matches(String value) {
        return value != null && regex.matcher(value).matches();
    }
}
