package dev.escu.pssession;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.escu.pssession.catalog.DetectionProperties;
import dev.escu.pssession.detection.Ctime;

/** Wires the plain-Java detection core into the application. */
@Configuration(proxyBeanMethods = false)
class DetectionConfiguration {

    @Bean
    Ctime ctime(DetectionProperties properties) {
        return new Ctime(properties.ctimeZone());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
