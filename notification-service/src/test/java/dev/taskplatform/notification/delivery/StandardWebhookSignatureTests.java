package dev.taskplatform.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class StandardWebhookSignatureTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	@Test
	void aSignatureIsWhatTheReferenceLibrarySigns() throws Exception {
		byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
		String signature = new StandardWebhookSignature(List.of(SigningKey.of(SECRET)))
			.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);

		assertThat(signature).isEqualTo(new Webhook(SECRET).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
				new String(body, StandardCharsets.UTF_8)));
	}

	@Test
	void eachKeyAddsASignatureThatTheReferenceVerifierAccepts() {
		String previous = "whsec_"
				+ Base64.getEncoder().encodeToString("an older key".getBytes(StandardCharsets.UTF_8));
		byte[] body = "{\"eventId\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		String signature = new StandardWebhookSignature(List.of(SigningKey.of(SECRET), SigningKey.of(previous)))
			.sign("e-1", now, body);
		Map<String, List<String>> headers = Map.of("webhook-id", List.of("e-1"), "webhook-timestamp",
				List.of(Long.toString(now)), "webhook-signature", List.of(signature));

		assertThat(signature.split(" ")).hasSize(2);
		assertThatNoException()
			.isThrownBy(() -> new Webhook(SECRET).verify(new String(body, StandardCharsets.UTF_8), headers));
		assertThatNoException()
			.isThrownBy(() -> new Webhook(previous).verify(new String(body, StandardCharsets.UTF_8), headers));
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> new Webhook(SECRET).verify("{\"eventId\":\"e-2\"}", headers));
	}

	@Test
	void aSecretWithoutThePrefixIsUsedAsItsBytes() {
		assertThat(SigningKey.of("plain text").bytes()).isEqualTo("plain text".getBytes(StandardCharsets.UTF_8));
		assertThat(SigningKey.of(SECRET).bytes())
			.isEqualTo(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
		assertThatIllegalArgumentException().isThrownBy(() -> SigningKey.of("whsec_not base64!"));
		assertThatIllegalArgumentException().isThrownBy(() -> SigningKey.of("whsec_"));
		assertThatIllegalArgumentException().isThrownBy(() -> SigningKey.of(" "));
		assertThat(SigningKey.of(SECRET)).hasToString("SigningKey[******]");
	}

}
