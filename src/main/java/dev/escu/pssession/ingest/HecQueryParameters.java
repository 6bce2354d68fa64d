package dev.escu.pssession.ingest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;

/**
 * The HEC intake's query parameters, for the API document: they are read from the query string by
 * hand ({@link HecController#defaults}), so no method parameter declares them.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Parameters({
        @Parameter(name = "host", in = ParameterIn.QUERY),
        @Parameter(name = "source", in = ParameterIn.QUERY),
        @Parameter(name = "sourcetype", in = ParameterIn.QUERY)})
@interface HecQueryParameters {
}
