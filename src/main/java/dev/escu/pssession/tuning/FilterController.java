package dev.escu.pssession.tuning;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.escu.pssession.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/detections/{id}/filters")
@Tag(name = "Tuning", description = "The detection's _filter macro: rules that drop known-good results (role admin)")
class FilterController {

    private final FilterRules filters;

    FilterController(FilterRules filters) {
        this.filters = filters;
    }

    /** The detection's filters, as Splunk lists results. */
    record FilterList(List<FilterView> results) {
    }

    @GetMapping
    @Operation(operationId = "listFilters", summary = "List the detection's tuning filters, expired ones included")
    FilterList list(@PathVariable String id) {
        return new FilterList(filters.list(id));
    }

    @GetMapping("/{filterId}")
    @Operation(operationId = "getFilter", summary = "One tuning filter")
    FilterView get(@PathVariable String id, @PathVariable UUID filterId) {
        return filters.get(id, filterId);
    }

    @PostMapping
    @Operation(operationId = "createFilter", summary = "Create a tuning filter",
            description = "Applies to events ingested from now on: a matching result raises no finding and no risk event.")
    @ApiResponse(responseCode = "201", description = "Created; Location is the new filter's address",
            headers = @Header(name = "Location", description = "the new filter's path",
                    schema = @Schema(type = "string", format = "uri-reference",
                            example = "/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af/filters/0b6c7a52-5d8e-4a8e-9a51-3a0f3f0d9c11")))
    ResponseEntity<FilterView> create(@PathVariable String id, @Valid @RequestBody FilterRequest request, Principal principal) {
        FilterView created = filters.create(id, request, actor(principal));
        return ResponseEntity.created(URI.create("/api/v1/detections/" + created.detection() + "/filters/" + created.id()))
                .body(created);
    }

    @PutMapping("/{filterId}")
    @Operation(operationId = "replaceFilter", summary = "Replace a tuning filter")
    FilterView replace(@PathVariable String id, @PathVariable UUID filterId, @Valid @RequestBody FilterRequest request,
                       Principal principal) {
        return filters.replace(id, filterId, request, actor(principal));
    }

    @DeleteMapping("/{filterId}")
    @Operation(operationId = "deleteFilter", summary = "Delete a tuning filter")
    @ApiResponse(responseCode = "204", description = "Deleted")
    ResponseEntity<Void> delete(@PathVariable String id, @PathVariable UUID filterId, Principal principal) {
        filters.delete(id, filterId, actor(principal));
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(FilterRules.FilterNotFoundException.class)
    ProblemDetail notFound(FilterRules.FilterNotFoundException e) {
        return ApiProblem.notFound(e.getMessage()).getBody();
    }

    @ExceptionHandler(FilterRules.InvalidFilterException.class)
    ProblemDetail invalid(FilterRules.InvalidFilterException e) {
        ProblemDetail problem = ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-filter", "Invalid filter", e.getMessage());
        problem.setProperty("errors", List.of(ApiProblem.error(e.field, e.value, e.getMessage())));
        return problem;
    }

    private static String actor(Principal principal) {
        return principal == null ? "anonymous" : principal.getName();
    }
}
