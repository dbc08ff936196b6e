package dev.taskplatform.taskapi.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreateTaskRequestTests {

	private static ValidatorFactory factory;

	private static Validator validator;

	@BeforeAll
	static void createValidator() {
		factory = Validation.buildDefaultValidatorFactory();
		validator = factory.getValidator();
	}

	@AfterAll
	static void closeValidator() {
		factory.close();
	}

	@Test
	void fullRequestIsValid() {
		CreateTaskRequest request = new CreateTaskRequest("Pay", "the invoice", "finance@example.org",
				OffsetDateTime.parse("2030-01-01T09:00:00+01:00"));

		assertThat(validator.validate(request)).isEmpty();
	}

	@Test
	void titleOfExactly200CharactersIsValidAnd201IsNot() {
		assertThat(validator.validate(new CreateTaskRequest("x".repeat(200), null, null, null))).isEmpty();
		assertThat(fields(validator.validate(new CreateTaskRequest("x".repeat(201), null, null, null))))
			.containsExactly("title");
	}

	@Test
	void assigneeMustLookLikeAnEmailAddress() {
		assertThat(fields(validator.validate(new CreateTaskRequest("Pay", null, "finance@localhost", null))))
			.containsExactly("assignee");
		assertThat(fields(validator.validate(new CreateTaskRequest("Pay", null, "two@@example.org", null))))
			.containsExactly("assignee");
	}

	@Test
	void fingerprintIgnoresHowTheSameMomentIsWritten() {
		CreateTaskRequest utc = new CreateTaskRequest("Pay", null, null, OffsetDateTime.parse("2030-01-01T08:00:00Z"));
		CreateTaskRequest paris = new CreateTaskRequest("Pay", null, null,
				OffsetDateTime.parse("2030-01-01T09:00:00+01:00"));

		assertThat(utc.fingerprint()).isEqualTo(paris.fingerprint());
		assertThat(utc.dueInstant()).isEqualTo(Instant.parse("2030-01-01T08:00:00Z"));
	}

	@Test
	void fingerprintTellsDifferentRequestsApart() {
		CreateTaskRequest request = new CreateTaskRequest("Pay", null, null, null);

		assertThat(request.fingerprint()).isNotEqualTo(new CreateTaskRequest("Pay ", null, null, null).fingerprint())
			.isNotEqualTo(new CreateTaskRequest("Pay", "", null, null).fingerprint())
			.isNotEqualTo(new CreateTaskRequest("Pay", null, "a@example.org", null).fingerprint())
			.isNotEqualTo(new CreateTaskRequest("Pay", "null", null, null).fingerprint());
	}

	private static Set<String> fields(Set<ConstraintViolation<CreateTaskRequest>> violations) {
		return violations.stream()
			.map((violation) -> violation.getPropertyPath().toString())
			.collect(java.util.stream.Collectors.toSet());
	}

}
