package dev.escu.pssession.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a query parameter that the operation does not take (a misspelt {@code dst=} would otherwise
 * be ignored and the whole list returned): 400, naming the parameters it does take. The query string
 * is read by hand, so a form-encoded body stays unread. The Splunk HEC paths keep HEC's leniency.
 */
class KnownParameters implements HandlerInterceptor {

    /** Taken by every list that downloads as CSV (Splunk's name), with one of the values below. */
    static final String OUTPUT_MODE = "output_mode";
    static final String CSV = "csv";
    static final String JSON = "json";

    /** The parameters each handler takes, read from its annotations once. */
    private final Map<Method, Set<String>> byMethod = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (query == null || !(handler instanceof HandlerMethod method) || !request.getRequestURI().startsWith("/api/")
                || request.getDispatcherType() != DispatcherType.REQUEST) {
            return true;
        }
        Set<String> known = byMethod.computeIfAbsent(method.getMethod(), m -> known(method));
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!known.contains(name)) {
                throw ApiProblem.badParameter(name, value, "Parameter '" + name + "' is not one this operation takes"
                        + (known.isEmpty() ? "; it takes none." : "; it takes " + String.join(", ", known) + "."));
            }
            if (OUTPUT_MODE.equals(name) && !CSV.equals(value) && !JSON.equals(value)) {
                throw ApiProblem.badParameter(name, value, "Parameter 'output_mode' must be csv or json.");
            }
        }
        return true;
    }

    private static Set<String> known(HandlerMethod method) {
        SortedSet<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestParam.class)) {
                names.add(requestParamName(parameter));
            }
            for (Annotation annotation : parameter.getParameterAnnotations()) {
                if (annotation instanceof io.swagger.v3.oas.annotations.Parameter documented && !documented.name().isEmpty()) {
                    names.add(documented.name());
                }
            }
        }
        if (method.hasMethodAnnotation(CsvDownload.class)) {
            names.add(OUTPUT_MODE);
        }
        return Collections.unmodifiableSortedSet(names);
    }

    /** The name a {@code @RequestParam} parameter goes by: its {@code name}, its {@code value}, or the Java name. */
    static String requestParamName(MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        String name = param == null ? "" : !param.name().isEmpty() ? param.name() : param.value();
        return name.isEmpty() ? parameter.getParameterName() : name;
    }
}
