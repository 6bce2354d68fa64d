package dev.escu.pssession.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a list operation that also downloads as CSV ({@code Accept: text/csv} or {@code ?output_mode=csv}). */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CsvDownload {
}
