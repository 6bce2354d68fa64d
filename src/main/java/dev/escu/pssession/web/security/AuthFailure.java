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
    private static final String PRESENTED = AuthFailure.class.getName() + ".presented";

    /**
     * Remembers which unknown key was presented, as the first 8 hex digits of its SHA-256: enough to
     * tell one misconfigured client from another in the logs, nothing that helps to guess the key.
     */
    static void presented(HttpServletRequest request, String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            request.setAttribute(PRESENTED, java.util.HexFormat.of().formatHex(digest, 0, 4));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Who tried, as far as the request says: the fingerprint of an unknown key, or "no credentials". */
    static String who(HttpServletRequest request) {
        Object fingerprint = request.getAttribute(PRESENTED);
        return fingerprint == null ? "a client" : "the unknown key sha256:" + fingerprint + "...";
    }

    void mark(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static AuthFailure of(HttpServletRequest request) {
        Object failure = request.getAttribute(ATTRIBUTE);
        return failure instanceof AuthFailure f ? f : MISSING;
    }
}
