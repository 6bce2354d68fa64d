package dev.escu.pssession.web.security;

import jakarta.servlet.http.HttpServletRequest;

/** Why a request could not be authenticated, remembered on the request for the error answer. */
enum AuthFailure {
    /** no credentials at all */
    MISSING,
    /** an Authorization header that is not "Bearer <key>" or "Splunk <key>" */
    MALFORMED,
    /** a key that is not ours */
    INVALID,
    /** a HEC token sent as {@code ?token=} while query-string tokens are off */
    QUERY_TOKEN_DISABLED;

    private static final String ATTRIBUTE = AuthFailure.class.getName();

    void mark(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static AuthFailure of(HttpServletRequest request) {
        Object failure = request.getAttribute(ATTRIBUTE);
        return failure instanceof AuthFailure f ? f : MISSING;
    }
}
