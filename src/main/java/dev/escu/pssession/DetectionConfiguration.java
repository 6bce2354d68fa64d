package dev.escu.pssession;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.escu.pssession.detection.Ctime;
import dev.escu.pssession.detection.DetectionCatalog;
import dev.escu.pssession.detection.DetectionEngine;

/** Wires the plain-Java detection core into the application. */
@Configuration(proxyBeanMethods = false)
class DetectionConfiguration {

    /**
     * Detection settings ({@code pssession.detection.*}).
     *
     * @param ctimeZone   the zone that {@code security_content_ctime} renders times in
     * @param definitions classpath resources of the detection definitions to run; the built-in ones
     *                    when empty
     */
    @ConfigurationProperties("pssession.detection")
    record DetectionProperties(@DefaultValue("UTC") ZoneId ctimeZone, List<String> definitions) {
    }

    @Bean
    DetectionCatalog detectionCatalog(DetectionProperties properties) {
        List<String> definitions = properties.definitions();
        return definitions == null || definitions.isEmpty()
                ? DetectionCatalog.builtIn() : DetectionCatalog.load(definitions);
    }

    @Bean
    DetectionEngine detectionEngine(DetectionCatalog catalog) {
        return new DetectionEngine(catalog);
    }

    @Bean
    Ctime ctime(DetectionProperties properties) {
        return new Ctime(properties.ctimeZone());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
