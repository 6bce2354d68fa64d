package dev.escu.pssession;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The PowerShell remote session detector: one Splunk ESCU detection as a REST service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PsSessionDetectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(PsSessionDetectorApplication.class, args);
    }
}
