package dev.taskplatform.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenRulesTests {

	@Test
	void aSubjectIsRequiredShortAndPrintable() {
		assertThat(TokenRules.subjectProblem("user-7f3a")).isNull();
		assertThat(TokenRules.subjectProblem("x".repeat(255))).isNull();
		assertThat(TokenRules.subjectProblem(null)).contains("no subject");
		assertThat(TokenRules.subjectProblem(" ")).contains("no subject");
		assertThat(TokenRules.subjectProblem("x".repeat(256))).contains("longer than 255");
		assertThat(TokenRules.subjectProblem("user\n1")).contains("control character");
	}

}
