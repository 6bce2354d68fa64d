package dev.escu.pssession.web.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import jakarta.servlet.DispatcherType;


/**
 * Who may call what. ingest posts events (also through HEC), analyst reads findings, drilldowns,
 * risk, detections and filters, admin manages tuning filters and detections; admin includes the other two. Swagger UI, the
 * OpenAPI document, health probes and metrics are open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String[] OPEN = {"/error", "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**",
            "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};
    private static final String FILTERS = "/api/v1/detections/*/filters";

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_ANALYST
                ROLE_ADMIN > ROLE_INGEST""");
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder)
            throws Exception {
        boolean jwt = jwtDecoder.getIfAvailable() != null;
        ApiKeys keys = new ApiKeys(properties.apiKeys());
        if (keys.isEmpty() && !jwt) {
            GeneratedAdminKey.addTo(keys, properties.generatedKeyFile());
        }
        AccessProblems problems = new AccessProblems();

        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        // a streamed download (CSV) finishes in an async dispatch of a request already authorized
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(OPEN).permitAll()
                        .requestMatchers(HttpMethod.GET, "/services/collector/health", "/services/collector/health/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/events", "/services/collector", "/services/collector/**")
                        .hasRole("INGEST")
                        .requestMatchers(HttpMethod.GET, FILTERS, FILTERS + "/**").hasRole("ANALYST")
                        .requestMatchers(FILTERS, FILTERS + "/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/v1/detections", "/api/v1/detections/reload").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/detections/*").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").hasRole("ANALYST")
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, jwt, properties.hecQueryToken(), problems),
                        jwt ? BearerTokenAuthenticationFilter.class : AnonymousAuthenticationFilter.class);
        if (jwt) {
            DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
            http.oauth2ResourceServer(oauth -> oauth
                    // a request already authenticated by its API key has no JWT to read
                    .bearerTokenResolver(request -> SecurityContextHolder.getContext().getAuthentication()
                            instanceof ApiKeyAuthenticationFilter.KeyAuthentication ? null : bearer.resolve(request))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems)
                    .jwt(j -> j.jwtAuthenticationConverter(jwtRoles(properties.jwt().scopePrefix()))));
        }
        return http.build();
    }

    /** JWT scopes to roles: {@code pssession:admin} or {@code admin} give ROLE_ADMIN, and so on. */
    static JwtAuthenticationConverter jwtRoles(String prefix) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> roles(jwt, prefix));
        converter.setPrincipalClaimName("sub");
        return converter;
    }

    private static Collection<GrantedAuthority> roles(Jwt jwt, String prefix) {
        List<String> scopes = new ArrayList<>();
        for (String claim : List.of("scope", "scp")) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String text) {
                scopes.addAll(List.of(text.split("\\s+")));
            } else if (value instanceof Collection<?> list) {
                list.forEach(item -> scopes.add(String.valueOf(item)));
            }
        }
        List<GrantedAuthority> roles = new ArrayList<>();
        for (String scope : scopes) {
            String name = scope.startsWith(prefix) ? scope.substring(prefix.length()) : scope;
            for (Role role : Role.values()) {
                if (role.name().equalsIgnoreCase(name)) {
                    roles.add(new SimpleGrantedAuthority(role.authority()));
                }
            }
        }
        return roles;
    }
}
