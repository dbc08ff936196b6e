package dev.taskplatform.notification.delivery;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTests {

	@Test
	void signatureIsTheLowercaseHexHmacSha256OfTheBody() {
		// RFC 4231, test case 2
		WebhookSignature signature = new WebhookSignature("Jefe");

		String header = signature.sign("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));

		assertThat(header).isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

	@Test
	void signatureCoversEveryByte() {
		WebhookSignature signature = new WebhookSignature("secret");

		assertThat(signature.sign("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
			.isNotEqualTo(signature.sign("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void signatureDependsOnTheSecret() {
		byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

		assertThat(new WebhookSignature("one").sign(body)).isNotEqualTo(new WebhookSignature("two").sign(body));
	}

}
