package dev.escu.pssession;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The PowerShell detector: Splunk's ESCU PowerShell detections, and a hardened companion, as a REST service. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PsSessionDetectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(PsSessionDetectorApplication.class, args);
    }
}
