package dev.escu.pssession.ingest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * What the HEC intake's operations share in the API document: the query parameters, read from the
 * query string by hand ({@link HecController#defaults}) so that no method parameter declares them,
 * and the answers to a stored batch and to a database that is away.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "200", description = "{\"text\":\"Success\",\"code\":0}")
@ApiResponse(responseCode = "503", description = "HEC code 9 (server is busy): the batch waited too long for its turn "
        + "(pssession.ingest.admission-wait), or the database is unavailable; retry after Retry-After")
@Parameters({
        @Parameter(name = "host", in = ParameterIn.QUERY),
        @Parameter(name = "source", in = ParameterIn.QUERY),
        @Parameter(name = "sourcetype", in = ParameterIn.QUERY)})
@interface HecIntake {
}
