package dev.taskplatform.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature headers of the Standard Webhooks specification: {@code webhook-id} (the
 * event's id, the same on every attempt, so receivers de-duplicate on it),
 * {@code webhook-timestamp} (seconds since the epoch, when the attempt was signed) and
 * {@code webhook-signature}: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body}, one per key, separated by spaces, so that during a rotation
 * a receiver holding the old key or the new one verifies the request.
 */
final class StandardWebhookSignature {

	static final String ID_HEADER = "webhook-id";

	static final String TIMESTAMP_HEADER = "webhook-timestamp";

	static final String SIGNATURE_HEADER = "webhook-signature";

	private static final String ALGORITHM = "HmacSHA256";

	private final List<SecretKeySpec> keys;

	/**
	 * @param keys the current key first, then those still honoured during a rotation
	 */
	StandardWebhookSignature(List<SigningKey> keys) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("at least one signing key");
		}
		this.keys = keys.stream().map((key) -> new SecretKeySpec(key.bytes(), ALGORITHM)).toList();
	}

	/**
	 * Signs one attempt.
	 * @param id the {@code webhook-id}
	 * @param timestamp the {@code webhook-timestamp}, seconds since the epoch
	 * @param body the bytes sent, exactly
	 * @return the {@code webhook-signature} value
	 */
	String sign(String id, long timestamp, byte[] body) {
		byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
		return this.keys.stream().map((key) -> "v1," + hmac(key, prefix, body)).collect(Collectors.joining(" "));
	}

	private static String hmac(SecretKeySpec key, byte[] prefix, byte[] body) {
		try {
			// a Mac is not thread-safe and cheap to create: one per signature
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			mac.update(prefix);
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("every JDK has " + ALGORITHM, ex);
		}
	}

	@Override
	public String toString() {
		return "StandardWebhookSignature[v1, " + this.keys.size() + " key(s)]";
	}

}
