package dev.escu.pssession.web;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.escu.pssession.detection.DetectionCatalog;
import dev.escu.pssession.detection.DetectionDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Detections", description = "The detections this service runs (role analyst)")
class DetectionController {

    private final DetectionCatalog catalog;

    DetectionController(DetectionCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/detections")
    @Operation(operationId = "listDetections", summary = "List the detections")
    Map<String, List<DetectionDefinition>> list() {
        return Map.of("results", catalog.all());
    }

    @GetMapping("/api/v1/detections/{id}")
    @Operation(operationId = "getDetection", summary = "One detection's metadata",
            description = "Id, name, version, description, MITRE ATT&CK, analytic stories, risk score and message, known "
                    + "false positives, the Splunk search it mirrors, its match terms and group-by fields, and its drilldowns.")
    DetectionDefinition get(@PathVariable String id) {
        return catalog.find(id).orElseThrow(() -> ApiProblem.notFound("No detection with id " + id + "."));
    }
}
