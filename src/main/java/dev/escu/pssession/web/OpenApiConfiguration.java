package dev.escu.pssession.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI document behind Swagger UI, with "Authorize" for API keys and JWTs. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";
    static final String SPLUNK = "splunk-hec";

    @Bean
    OpenAPI pssessionOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("PowerShell remote session detector")
                        .version("v1")
                        .description("""
                                Splunk ESCU "Interactive Session on Remote Endpoint with PowerShell" (T1021.006) as a \
                                service: post PowerShell 4104 events, read the aggregated findings with Splunk's field \
                                names, follow the detection's two drilldowns, pull risk events, and tune the detection's \
                                filter.

                                Authorize with an API key (or an OAuth2 access token) as a Bearer token. Roles: \
                                `ingest` posts events, `analyst` reads, `admin` manages tuning filters and may do all.""")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key, or a JWT access token when an issuer is configured"))
                        .addSecuritySchemes(SPLUNK, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("Authorization")
                                .description("For the HEC endpoints: the value 'Splunk <key>'")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(SPLUNK));
    }
}
