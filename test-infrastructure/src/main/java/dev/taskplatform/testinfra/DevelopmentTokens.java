package dev.taskplatform.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * A development key pair and the access tokens it signs, in place of an authorization
 * server: the local fleet generates one at start and prints a token, and the tests sign
 * tokens with one. The services read its public key with Spring Boot's standard
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. Never for
 * production: whoever holds the private key mints any token.
 */
public final class DevelopmentTokens {

	/** Every scope the platform's APIs ask for. */
	public static final List<String> ALL_SCOPES = List.of("tasks:write", "tasks:read", "audit:read",
			"notifications:read", "reminders:read");

	public static final String DEFAULT_ISSUER = "https://task-platform.local/development";

	public static final String DEFAULT_AUDIENCE = "task-platform";

	private final RSAKey key;

	private final String issuer;

	private final String audience;

	private DevelopmentTokens(RSAKey key, String issuer, String audience) {
		this.key = key;
		this.issuer = issuer;
		this.audience = audience;
	}

	/**
	 * A new RSA key pair (2048 bits, RS256) for the default issuer and audience.
	 * @return the tokens' signer
	 */
	public static DevelopmentTokens generate() {
		return generate(DEFAULT_ISSUER, DEFAULT_AUDIENCE);
	}

	public static DevelopmentTokens generate(String issuer, String audience) {
		try {
			return new DevelopmentTokens(new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate(),
					issuer, audience);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("could not generate an RSA key pair", ex);
		}
	}

	public String issuer() {
		return this.issuer;
	}

	public String audience() {
		return this.audience;
	}

	/**
	 * The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509
	 * SubjectPublicKeyInfo), as {@code public-key-location} reads it.
	 * @return the PEM text
	 */
	public String publicKeyPem() {
		try {
			String encoded = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(this.key.toPublicKey().getEncoded());
			return "-----BEGIN PUBLIC KEY-----\n" + encoded + "\n-----END PUBLIC KEY-----\n";
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes the public key, as PEM, to a file.
	 * @param file where to write it
	 * @return the file
	 */
	public Path writePublicKey(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			return Files.writeString(file, publicKeyPem());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The settings that make a service take this key's tokens: Spring Boot's standard
	 * resource-server keys and the issuer check ({@code api-security.issuer}).
	 * @param publicKeyFile the file {@link #writePublicKey(Path)} wrote
	 * @return property names and values
	 */
	public Map<String, Object> serviceProperties(Path publicKeyFile) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.security.oauth2.resourceserver.jwt.public-key-location",
				"file:" + publicKeyFile.toAbsolutePath());
		properties.put("spring.security.oauth2.resourceserver.jwt.audiences", this.audience);
		properties.put("api-security.issuer", this.issuer);
		return properties;
	}

	/**
	 * A token for a subject with the given scopes, valid for 12 hours.
	 * @param subject who acts ({@code sub})
	 * @param scopes the scopes granted
	 * @return the compact JWT
	 */
	public String token(String subject, String... scopes) {
		return sign(claims(subject, Duration.ofHours(12), scopes).build());
	}

	/**
	 * The claims of a valid token, to adjust before {@link #sign(JWTClaimsSet)}.
	 * @param subject who acts ({@code sub})
	 * @param validFor how long from now it is valid
	 * @param scopes the scopes granted ({@code scope}, space-separated)
	 * @return a claims builder
	 */
	public JWTClaimsSet.Builder claims(String subject, Duration validFor, String... scopes) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(this.audience)
			.subject(subject)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(validFor)))
			.jwtID(UUID.randomUUID().toString())
			.claim("scope", String.join(" ", scopes));
	}

	/**
	 * Signs claims with this key (RS256).
	 * @param claims the claims
	 * @return the compact JWT
	 */
	public String sign(JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("could not sign a token", ex);
		}
	}

	/**
	 * Tokens every service must refuse, each the given valid claims with one thing wrong:
	 * expired, not yet valid, another issuer, another audience, signed with another key,
	 * unsigned ({@code alg: none}), without a subject, and not a JWT at all.
	 * @param valid claims this key's services take
	 * @return what is wrong with each, and the token
	 */
	public Map<String, String> refusedVariants(JWTClaimsSet valid) {
		Instant now = Instant.now();
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("expired",
				sign(new JWTClaimsSet.Builder(valid).issueTime(Date.from(now.minusSeconds(3600)))
					.notBeforeTime(Date.from(now.minusSeconds(3600)))
					.expirationTime(Date.from(now.minusSeconds(300)))
					.build()));
		refused.put("not yet valid",
				sign(new JWTClaimsSet.Builder(valid).notBeforeTime(Date.from(now.plusSeconds(300))).build()));
		refused.put("wrong issuer", sign(new JWTClaimsSet.Builder(valid).issuer("https://elsewhere.example").build()));
		refused.put("wrong audience", sign(new JWTClaimsSet.Builder(valid).audience("another-api").build()));
		refused.put("forged signature", generate(this.issuer, this.audience).sign(valid));
		refused.put("alg none", unsigned(valid));
		refused.put("no subject", sign(new JWTClaimsSet.Builder(valid).subject(null).build()));
		refused.put("not a JWT", "not-a-jwt");
		return refused;
	}

	/**
	 * The claims as an unsecured JWT ({@code alg: none}), which no service may take.
	 * @param claims the claims
	 * @return the compact JWT, with an empty signature part
	 */
	public static String unsigned(JWTClaimsSet claims) {
		return new PlainJWT(claims).serialize();
	}

}
