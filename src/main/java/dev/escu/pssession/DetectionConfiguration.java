package dev.escu.pssession;

import java.time.Clock;
import java.time.ZoneId;

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
     * @param ctimeZone the zone that {@code security_content_ctime} renders times in
     */
    @ConfigurationProperties("pssession.detection")
    record DetectionProperties(@DefaultValue("UTC") ZoneId ctimeZone) {
    }

    @Bean
    DetectionCatalog detectionCatalog() {
        return DetectionCatalog.builtIn();
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
