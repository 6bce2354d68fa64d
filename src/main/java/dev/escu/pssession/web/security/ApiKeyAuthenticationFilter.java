package dev.escu.pssession.web.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates API keys: {@code Authorization: Bearer <key>}, {@code Authorization: Splunk <key>}
 * (as HEC clients send them) and, when enabled, {@code ?token=} on HEC paths. A bearer value that is
 * not a key but looks like a JWT is left to the OAuth2 resource server when one is configured.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final boolean jwtEnabled;
    private final boolean hecQueryToken;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyAuthenticationFilter(ApiKeys keys, boolean jwtEnabled, boolean hecQueryToken, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.jwtEnabled = jwtEnabled;
        this.hecQueryToken = hecQueryToken;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<Credential> credential = header == null || header.isBlank()
                ? queryToken(request) : Credential.parse(header);
        if (header != null && !header.isBlank() && credential.isEmpty()) {
            if (!jwtEnabled) {
                fail(request, response, AuthFailure.MALFORMED);
                return;
            }
            chain.doFilter(request, response); // some other scheme: the resource server decides
            return;
        }
        if (credential.isEmpty()) {
            if ((header == null || header.isBlank()) && !hecQueryToken && AccessProblems.isHec(request) && hasQueryToken(request)) {
                fail(request, response, AuthFailure.QUERY_TOKEN_DISABLED); // as Splunk: code 16, not "token required"
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeys.KeyHolder> holder = keys.find(credential.get().value());
        if (holder.isPresent()) {
            SecurityContextHolder.getContext().setAuthentication(new KeyAuthentication(holder.get()));
            chain.doFilter(request, response);
        } else if (jwtEnabled && credential.get().bearer() && looksLikeJwt(credential.get().value())) {
            chain.doFilter(request, response);
        } else {
            AuthFailure.presented(request, credential.get().value());
            fail(request, response, AuthFailure.INVALID);
        }
    }

    private Optional<Credential> queryToken(HttpServletRequest request) {
        if (!hecQueryToken || !AccessProblems.isHec(request)) {
            return Optional.empty();
        }
        return rawQueryToken(request).map(t -> java.net.URLDecoder.decode(t, java.nio.charset.StandardCharsets.UTF_8))
                .filter(token -> !token.isBlank())
                .map(token -> new Credential(token.strip(), false));
    }

    private static boolean hasQueryToken(HttpServletRequest request) {
        return rawQueryToken(request).isPresent();
    }

    // read from the query string by hand: getParameter would consume a form-encoded body
    private static Optional<String> rawQueryToken(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=") && pair.length() > "token=".length()) {
                return Optional.of(pair.substring("token=".length()));
            }
        }
        return Optional.empty();
    }

    private void fail(HttpServletRequest request, HttpServletResponse response, AuthFailure failure)
            throws IOException, ServletException {
        SecurityContextHolder.clearContext();
        failure.mark(request);
        entryPoint.commence(request, response, new BadCredentialsException(failure.name()));
    }

    private static boolean looksLikeJwt(String value) {
        return value.chars().filter(c -> c == '.').count() == 2;
    }

    /** A presented secret and whether it came as a Bearer token. */
    private record Credential(String value, boolean bearer) {

        static Optional<Credential> parse(String header) {
            String h = header.strip();
            int space = h.indexOf(' ');
            if (space <= 0) {
                return Optional.empty();
            }
            String scheme = h.substring(0, space);
            String value = h.substring(space + 1).strip();
            if (value.isEmpty()) {
                return Optional.empty();
            }
            if (scheme.equalsIgnoreCase("Bearer")) {
                return Optional.of(new Credential(value, true));
            }
            if (scheme.equalsIgnoreCase("Splunk")) {
                return Optional.of(new Credential(value, false));
            }
            return Optional.empty();
        }
    }

    /** An authenticated API key holder; the principal's name is the key's name, never the key. */
    static final class KeyAuthentication extends AbstractAuthenticationToken {

        private final ApiKeys.KeyHolder holder;

        KeyAuthentication(ApiKeys.KeyHolder holder) {
            super(List.of(new SimpleGrantedAuthority(holder.role().authority())));
            this.holder = holder;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return holder.name();
        }

        @Override
        public String getName() {
            return holder.name();
        }
    }
}
