package dev.taskplatform.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A webhook signing key as configured: {@code whsec_} and the key in base64, as Standard
 * Webhooks writes secrets, or any other non-blank text, whose UTF-8 bytes are the key (a
 * receiver's Standard Webhooks library then takes {@code whsec_} and those bytes in
 * base64).
 *
 * @param bytes the HMAC key
 */
record SigningKey(byte[] bytes) {

	static final String PREFIX = "whsec_";

	/**
	 * Reads a configured secret.
	 * @param secret the setting
	 * @return its key
	 * @throws IllegalArgumentException when it is blank, or a {@code whsec_} secret whose
	 * rest is not base64 or is empty
	 */
	static SigningKey of(String secret) {
		if (secret.isBlank()) {
			throw new IllegalArgumentException("a webhook secret must not be blank");
		}
		if (!secret.startsWith(PREFIX)) {
			return new SigningKey(secret.getBytes(StandardCharsets.UTF_8));
		}
		byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
		if (key.length == 0) {
			throw new IllegalArgumentException("a whsec_ secret needs a key after its prefix");
		}
		return new SigningKey(key);
	}

	@Override
	public String toString() {
		return "SigningKey[******]";
	}

}
