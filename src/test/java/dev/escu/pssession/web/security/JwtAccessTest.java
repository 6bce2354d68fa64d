package dev.escu.pssession.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.escu.pssession.support.HttpApi;
import dev.escu.pssession.support.ServiceTest;
import dev.escu.pssession.support.TestKeys;

/** The optional OAuth2 resource server: JWT scopes map to roles, and API keys keep working beside it. */
class JwtAccessTest extends ServiceTest {

    private static final KeyPair KEYS = rsa();
    private static final KeyPair OTHER_KEYS = rsa();

    @DynamicPropertySource
    static void jwtIssuer(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("jwt-public", ".pem");
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded());
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        pem.toFile().deleteOnExit();
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
    }

    @Test
    void mapsScopesToRoles() throws Exception {
        HttpApi analyst = api.as("Bearer " + token(KEYS, "alice", "openid pssession:analyst", Instant.now().plusSeconds(300)));
        assertThat(analyst.get("/api/v1/findings").status()).isEqualTo(200);
        assertThat(analyst.post("/api/v1/events", "application/x-ndjson", "{}").status()).isEqualTo(403);

        HttpApi admin = api.as("Bearer " + token(KEYS, "bob", "admin", Instant.now().plusSeconds(300)));
        assertThat(admin.send("POST", "/api/v1/detections/a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af/filters", "application/json",
                "{\"conditions\": {\"dest\": \"x\"}, \"reason\": \"r\"}").status()).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT created_by FROM detection_filter", String.class)).isEqualTo("bob");
    }

    @Test
    void refusesExpiredForeignAndScopelessTokens() throws Exception {
        assertThat(api.as("Bearer " + token(KEYS, "eve", "analyst", Instant.now().minusSeconds(600)))
                .get("/api/v1/findings").status()).isEqualTo(401);
        assertThat(api.as("Bearer " + token(OTHER_KEYS, "eve", "analyst", Instant.now().plusSeconds(300)))
                .get("/api/v1/findings").status()).isEqualTo(401);
        assertThat(api.as("Bearer " + token(KEYS, "eve", "openid profile", Instant.now().plusSeconds(300)))
                .get("/api/v1/findings").status()).isEqualTo(403);
    }

    @Test
    void keepsApiKeysWorking() {
        assertThat(api.as("Bearer " + TestKeys.ANALYST).get("/api/v1/findings").status()).isEqualTo(200);
        assertThat(api.as("Bearer not-a-key").get("/api/v1/findings").status()).isEqualTo(401);
    }

    private static String token(KeyPair keys, String subject, String scope, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject(subject).claim("scope", scope).issueTime(new Date()).expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
