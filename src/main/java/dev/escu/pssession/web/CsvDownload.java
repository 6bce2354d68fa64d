package dev.escu.pssession.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks both handler methods of a list that also downloads as CSV ({@code Accept: text/csv} or
 * {@code ?output_mode=csv}): the one that answers JSON and the one that produces {@code text/csv}.
 * Both take Splunk's {@code output_mode} ({@code csv} or {@code json}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CsvDownload {
}
