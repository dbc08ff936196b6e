package dev.taskplatform.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Signature} of a webhook request: {@code sha256=} and the lowercase hex
 * HMAC-SHA256 of the exact body bytes, so a receiver holding the secret knows the request
 * comes from us and was not altered.
 */
final class WebhookSignature {

	static final String HEADER = "X-Signature";

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	WebhookSignature(String secret) {
		this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
	}

	/**
	 * Signs a body.
	 * @param body the bytes sent, exactly
	 * @return the header value, {@code sha256=<hex>}
	 */
	String sign(byte[] body) {
		try {
			// a Mac is not thread-safe and cheap to create: one per signature
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("every JDK has " + ALGORITHM, ex);
		}
	}

	@Override
	public String toString() {
		return "WebhookSignature[HMAC-SHA256]";
	}

}
