package dev.escu.pssession.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI pssessionOpenApi() {
        return new OpenAPI().info(new Info()
                .title("PowerShell remote session detector")
                .version("v1")
                .description("""
                        Splunk ESCU "Interactive Session on Remote Endpoint with PowerShell" (T1021.006) as a service: \
                        post PowerShell 4104 events, read the aggregated findings with Splunk's field names, follow the \
                        detection's two drilldowns, pull risk events, and tune the detection's filter.""")
                .license(new License().name("Apache-2.0")));
    }
}
