package dev.escu.pssession.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Splunk's {@code ?output_mode=csv}: the same as asking for {@code Accept: text/csv}, so that a link
 * or a browser can download a list as CSV; {@code output_mode=json} asks for JSON whatever the
 * Accept header says.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class OutputModeFilter extends OncePerRequestFilter {

    // the stream of a download is finished in an async dispatch, which must find the same handler
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    // only the service's own API downloads CSV; HEC's paths ignore what they do not take, as Splunk's do
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        String asked = query == null ? "" : "&" + query + "&";
        if (asked.contains("&" + KnownParameters.OUTPUT_MODE + "=" + KnownParameters.CSV + "&")) {
            chain.doFilter(new Accepting(request, CsvRows.TEXT_CSV_VALUE), response);
        } else if (asked.contains("&" + KnownParameters.OUTPUT_MODE + "=" + KnownParameters.JSON + "&")) {
            chain.doFilter(new Accepting(request, MediaType.APPLICATION_JSON_VALUE), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The request, asking for one media type. */
    private static final class Accepting extends HttpServletRequestWrapper {

        private final String type;

        Accepting(HttpServletRequest request, String type) {
            super(request);
            this.type = type;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? type : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name)
                    ? Collections.enumeration(java.util.List.of(type)) : super.getHeaders(name);
        }
    }
}
